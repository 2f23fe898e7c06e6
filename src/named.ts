import type { HttpRequestConfig } from 'luch-request'
import { isReloginError, ReloginError } from './errors'

/** @internal A shared error (one failed login, many waiters) becomes each request's own, naming it. */
export function named(error: unknown, request: HttpRequestConfig): unknown {
  if (!isReloginError(error) || error.request) return error
  const { code, message, response, cause, detail } = error
  return new ReloginError(code, message, { request, response, cause: cause ?? error, detail })
}
