import { DEV, misuse } from '../dev'
import type { ReloginResponse } from '../errors'
import type { Feature, FeatureContext } from '../Feature'
import type { ResolvedRetry, RetryOptions } from '../options'
import { isSafe, SAFE_METHODS } from './isSafe'

/**
 * Sends failed *safe* requests again (a method of `methods`, or any request with an idempotency
 * key): network errors, timeouts and `statusCodes`, after `Retry-After` (capped) or a jittered
 * exponential backoff, up to `limit` times. A call's own `retry` option overrides the rule;
 * `retry: false` there means no resend of any kind. A request of an epoch that a logout ended is
 * never sent again (its wait is the record's).
 *
 * @example
 * createRelogin({ baseURL, exchange, features: [retry({ limit: 2 })] })
 */
export function retry(rule: number | RetryOptions | false = 2): Feature {
  const own = resolveRetry(rule)
  let context: FeatureContext
  return {
    setup(given) {
      context = given
    },
    beforeSend({ custom }) {
      // Read on the first attempt: a bad per-call value is the caller's TypeError before anything is sent.
      custom.record.retry ??= custom.retry === undefined ? own : resolveRetry(custom.retry)
    },
    recover(config, error, interrupted) {
      const { record } = config.custom
      const rule = record.retry!
      const attempt = record.retries + 1
      // An interruption by the background is not the server's fault: backgroundResume() handles it.
      if (interrupted || !rule.enabled || attempt > rule.limit || !isSafe(config, rule.methods)) return
      const { code, statusCode, response } = error
      if (code !== 'ERR_NETWORK' && code !== 'ERR_TIMEOUT' && !(code === 'ERR_HTTP' && rule.statusCodes.includes(statusCode!))) return
      const delay = delayOf(response, attempt, rule)
      record.retries = attempt
      return record
        .wait('retrying', () => {
          record.tell({ type: 'request:retry', attempt, delay })
          return record.delay(delay)
        })
        .then(() => context.again(config))
    },
  }
}

/** @internal One reading of a rule: a number is the limit, and `false` turns every resend off. */
export function resolveRetry(rule: number | RetryOptions | false): ResolvedRetry {
  const options = typeof rule === 'object' && rule !== null ? rule : { limit: rule || 0 }
  const { limit = 2, methods = SAFE_METHODS, statusCodes = [408, 429, 500, 502, 503, 504], maxRetryAfter = 30_000, backoffLimit = 10_000 } = options
  if (!Number.isInteger(limit) || limit < 0) {
    throw misuse('`retry.limit`', DEV && `must be a non-negative integer, got ${String(limit)}.`)
  }
  const upper = methods.map((method) => method.toUpperCase())
  return { limit, methods: upper, statusCodes, maxRetryAfter, backoffLimit, enabled: rule !== false }
}

/** `Retry-After` (seconds or an HTTP date) when the server sent one, capped; else jittered backoff. */
function delayOf(response: ReloginResponse | undefined, attempt: number, rule: ResolvedRetry): number {
  const header = response?.header ?? {}
  const name = Object.keys(header).find((key) => key.toLowerCase() === 'retry-after')
  if (name) {
    const value = String(header[name])
    const seconds = Number(value)
    const ms = Number.isNaN(seconds) ? Date.parse(value) - Date.now() : seconds * 1000
    if (!Number.isNaN(ms)) return Math.min(Math.max(ms, 0), rule.maxRetryAfter)
  }
  const backoff = Math.min(300 * 2 ** (attempt - 1), rule.backoffLimit)
  return Math.round(backoff * (0.5 + Math.random() / 2))
}
