import type { HttpResponse } from 'luch-request'
import type { Client, Config } from './createHttp'
import { labelOf, type ReloginError, type ReloginResponse } from './errors'
import type { ResolvedRetry } from './options'

/**
 * @internal What follows a failed attempt of a *safe* request (one of `retry.methods`, or one that
 * carries an idempotency key), unless its `retry` is `false`:
 * - interrupted because the app went to the background: sent once more when it comes back. With a
 *   `retry` limit, that resend is one of its attempts;
 * - a network error, a timeout or one of `retry.statusCodes`: sent again up to `retry.limit`
 *   times, after `Retry-After` (capped) or a jittered exponential backoff.
 * Anything else, and every unsafe request, rejects as it failed. Each wait is the record's, so an
 * abort or a logout ends it at once, timer included.
 */
export function recover(client: Client, config: Config, error: ReloginError, interrupted = false): Promise<HttpResponse> {
  const { custom } = config
  const { record } = custom
  const { app, options } = client
  const retry = custom.retry ?? options.retry
  // luch-request names a download's GET 'DOWNLOAD'.
  const method = config.method === 'DOWNLOAD' ? 'GET' : config.method!
  const safe = record.key !== undefined || typeof custom.idempotencyKey === 'string' || retry.methods.includes(method)
  if (!retry.enabled || !safe) return Promise.reject(error)
  const request = labelOf(config)
  if (error.code === 'ERR_NETWORK' && (interrupted || app.hidden)) {
    if (record.retries >= Math.max(retry.limit, 1)) return Promise.reject(error)
    record.retries++
    return record
      .wait('paused', (signal) => {
        options.onEvent({ type: 'request:paused', request, reason: 'background' })
        return app.visible(signal)
      })
      .then(() => {
        options.onEvent({ type: 'request:resumed', request, reason: 'background' })
        return client.again(config)
      })
  }
  const attempt = record.retries + 1
  const retriable =
    error.code === 'ERR_NETWORK' ||
    error.code === 'ERR_TIMEOUT' ||
    (error.code === 'ERR_HTTP' && retry.statusCodes.includes(error.statusCode!))
  if (!retriable || attempt > retry.limit) return Promise.reject(error)
  const delay = delayOf(error.response, attempt, retry)
  record.retries = attempt
  return record
    .wait('retrying', () => {
      options.onEvent({ type: 'request:retry', request, attempt, delay })
      return record.delay(delay)
    })
    .then(() => client.again(config))
}

/** `Retry-After` (seconds or an HTTP date) when the server sent one, capped; else jittered backoff. */
function delayOf(response: ReloginResponse | undefined, attempt: number, retry: ResolvedRetry): number {
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
