import type { ReloginEvent } from '../errors'

/** An event as a trace or the devtools show it: plain values, nothing that may hold a secret. */
export interface RedactedEvent {
  type: ReloginEvent['type']
  /** Epoch ms. */
  at: number
  run?: number
  id?: number
  method?: string
  /** The path alone: no query string, no fragment. */
  url?: string
  relogin?: boolean
  reason?: 'offline' | 'background'
  attempt?: number
  delay?: number
  /** `request:settled`: whether it succeeded, the last answer's status code, the error code it failed with. */
  ok?: boolean
  status?: number
  code?: string
  error?: { code: string; message: string; status?: number }
}

/**
 * Copies only the fields an event is allowed to show. An allow-list, not a deny-list: an error's
 * `response` (whose body may echo a token), `cause` and `detail` never pass, whatever they hold.
 */
export function redactEvent(event: ReloginEvent): RedactedEvent {
  const { type, at } = event
  const out: RedactedEvent = { type, at }
  if ('run' in event) out.run = event.run
  if ('id' in event) {
    out.id = event.id
    out.method = event.request.method ?? 'GET'
    out.url = event.request.url?.split(/[?#]/)[0]
  }
  if ('relogin' in event) out.relogin = event.relogin
  if ('reason' in event) out.reason = event.reason
  if ('attempt' in event) Object.assign(out, { attempt: event.attempt, delay: event.delay })
  if (event.type === 'request:settled') {
    out.ok = event.ok
    if (event.status !== undefined) out.status = event.status
    if (event.code !== undefined) out.code = event.code
  }
  if ('error' in event) {
    const { code, message, statusCode } = event.error
    // Our messages name a request by its path alone (`labelOf`).
    out.error = { code, message, status: statusCode }
  }
  return out
}
