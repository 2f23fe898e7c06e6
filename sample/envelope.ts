/** The sample backend's answer shape (the seed's protocol): business outcomes travel in `code`. */
export interface Envelope<T = unknown> {
  code: string
  message?: string
  data: T
  /** Per-field validation messages when `code` is '001400'. */
  fields?: Record<string, string>
}
