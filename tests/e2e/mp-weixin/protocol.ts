/** The child process's command set (harness/commands.ts) and the messages that carry it. */

export interface SessionConfig {
  /** The compiled mp-weixin build. */
  distDir: string
  backendUrl: string
  /** Who `wx.login` logs in as (the backend's `/dev/code?openid=`), so sessions never share a user. */
  openid: string
  /** What `chooseImage` returns first. */
  images: string[]
}

export interface CallCounts {
  request: number
  uploadFile: number
  downloadFile: number
  login: number
  /** The most platform transfers the app ever had open at once (WeChat runs 10, and queues the rest). */
  maxInFlight: number
  /** The most transfers ever waiting in the platform's queue: 0 when the app keeps to the cap itself. */
  maxQueued: number
}

export interface Commands {
  /** Everything the page shows, for failure messages. */
  pageText(): string
  text(selector: string): string | null
  texts(selector: string): string[]
  attr(selector: string, name: string): unknown
  input(selector: string, value: string): void
  change(selector: string, value: unknown): void
  tap(selector: string): void
  trigger(selector: string, event: string, detail: unknown): void
  /** Resolves with the first selector (in order) that renders, and its text. */
  waitFor(selectors: string[], timeoutMs?: number): Promise<{ selector: string; text: string }>
  /** Resolves once `selector` has rendered `name` equal to `value`. */
  waitForAttr(selector: string, name: string, value: unknown, timeoutMs?: number): Promise<void>
  /** The route of the page on top, e.g. 'pages/register/register'. */
  route(): string
  /** What the next `chooseImage` returns. */
  setImages(paths: string[]): void
  /** Starts recording every value `selector`'s `name` attribute renders with. */
  record(selector: string, name: string): void
  /** The distinct values recorded so far, in order. */
  recorded(selector: string, name: string): unknown[]
  calls(): CallCounts
  /** The user switches to another app: the page and the app hide; open calls run on for WeChat's grace. */
  hide(): void
  /** WeChat ends the grace at once: it fails every open call with 'interrupted', and new ones until show. */
  interrupt(): void
  /** The user comes back to the app. */
  show(): void
  /** `typeof` of each phone-missing name, as code loaded the way the compiled files are sees it. */
  probeGlobals(): Record<string, string>
  /** console.error/warn output of the app so far. */
  consoleErrors(): string[]
}

export type CommandName = keyof Commands

export interface Request {
  id: number
  command: CommandName
  args: unknown[]
}

export type Reply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string }
  | { ready: true }
  | { crashed: string }
