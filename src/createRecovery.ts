import type { HttpResponse } from 'luch-request'
import type { AbortSignalLike } from './createAbortController'
import type { AppState } from './createAppState'
import type { Config, RequestCustom } from './createHttp'
import { labelOf, ReloginError, type ReloginEvent, type ReloginResponse } from './errors'
import type { RetryOptions } from './options'

/** Sends an attempt again through every interceptor, with these per-request marks. */
export type Again = (config: Config, marks: Partial<RequestCustom>) => Promise<HttpResponse>

/**
 * @internal What follows a failed attempt of a *safe* request (one of `retry.methods`, or one that
 * carries an idempotency key):
 * - interrupted because the app went to the background: sent once more when it comes back;
 * - a network error, a timeout or one of `retry.statusCodes`: sent again up to `retry.limit`
 *   times, after `Retry-After` (capped) or a jittered exponential backoff.
 * Anything else, and every unsafe request, rejects as it failed. A request aborted meanwhile
 * rejects with `ERR_CANCELED`.
 */
export function createRecovery(
  options: { retry: Required<RetryOptions>; onEvent(event: ReloginEvent): void },
  app: Pick<AppState, 'hidden' | 'visible'>,
  again: Again,
) {
  return function recover(config: Config, error: ReloginError, interrupted = false): Promise<HttpResponse> {
    const { custom } = config
    const retry = custom.retry ?? options.retry
    // luch-request names a download's GET 'DOWNLOAD'.
    const method = config.method === 'DOWNLOAD' ? 'GET' : config.method!
    const safe = typeof custom.idempotencyKey === 'string' || retry.methods.includes(method)
    if (!safe) return Promise.reject(error)
    const request = labelOf(config)
    if (error.code === 'ERR_NETWORK' && (interrupted || app.hidden) && !custom._resumed) {
      options.onEvent({ type: 'request:paused', request, reason: 'background' })
      return untilAborted(app.visible(), custom.signal).then(() => {
        options.onEvent({ type: 'request:resumed', request, reason: 'background' })
        return again(config, { _resumed: true })
      })
    }
    const attempt = (custom._retries ?? 0) + 1
    const retriable =
      error.code === 'ERR_NETWORK' ||
      error.code === 'ERR_TIMEOUT' ||
      (error.code === 'ERR_HTTP' && retry.statusCodes.includes(error.statusCode!))
    if (!retriable || attempt > retry.limit) return Promise.reject(error)
    const delay = delayOf(error.response, attempt, retry)
    options.onEvent({ type: 'request:retry', request, attempt, delay })
    const backoff = new Promise((resolve) => setTimeout(resolve, delay))
    return untilAborted(backoff, custom.signal).then(() => again(config, { _retries: attempt }))
  }
}

/** `Retry-After` (seconds or an HTTP date) when the server sent one, capped; else jittered backoff. */
function delayOf(response: ReloginResponse | undefined, attempt: number, retry: Required<RetryOptions>): number {
  const header = response?.header ?? {}
  const name = Object.keys(header).find((key) => key.toLowerCase() === 'retry-after')
  if (name) {
    const value = String(header[name])
    const seconds = Number(value)
    const ms = Number.isNaN(seconds) ? Date.parse(value) - Date.now() : seconds * 1000
    if (!Number.isNaN(ms)) return Math.min(Math.max(ms, 0), retry.maxRetryAfter)
  }
  const backoff = Math.min(300 * 2 ** (attempt - 1), retry.backoffLimit)
  return Math.round(backoff * (0.5 + Math.random() / 2))
}

/** @internal Lets an aborted request leave a wait (for a login, a slot, the app, a backoff) at once. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignalLike | undefined): Promise<T> {
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new ReloginError('ERR_CANCELED', 'Request aborted'))
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}
