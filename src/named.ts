import type { HttpRequestConfig } from 'luch-request'
import { isReloginError, ReloginError, type RequestLabel } from './errors'

/** @internal A shared error (one failed login, many waiters) becomes each request's own, naming it. */
export function named(error: unknown, request: HttpRequestConfig): unknown {
  if (!isReloginError(error) || error.request) return error
  const { code, message, response, cause, detail } = error
  return new ReloginError(code, message, { request, response, cause: cause ?? error, detail })
}

/**
 * @internal luch-request rejects without a `config` when it cannot build a request it was sending
 * (its params): that rejection is named `ERR_INVALID_REQUEST`. Any other passes as it is.
 */
export function invalidRequest(error: unknown, sending: boolean, request: RequestLabel): unknown {
  if (!sending || isReloginError(error) || (error as { config?: unknown } | undefined)?.config) return error
  return new ReloginError('ERR_INVALID_REQUEST', 'The request could not be built', { request, cause: error })
}
