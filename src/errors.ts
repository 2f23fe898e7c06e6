/**
 * Every rejection from uni-relogin is a {@link ReloginError} with a stable `code`.
 *
 * | code | when |
 * |---|---|
 * | `ERR_NETWORK` | the platform's `fail` callback (offline, DNS, reset, app sent to background) |
 * | `ERR_TIMEOUT` | the request timed out |
 * | `ERR_OFFLINE` | no network: at once with `offline: 'fail'`, or after the request's timeout with `'wait'` |
 * | `ERR_CANCELED` | aborted through `signal` or by its page, or ended by `logout()` (a request of the session that was waiting, or whose answer came after) |
 * | `ERR_HTTP` | a non-2xx status that is not an expiry |
 * | `ERR_LOGIN` | `getCode` or `exchange` failed or timed out (`loginTimeout`); also every login during the cool-down after such a failure |
 * | `ERR_LOGIN_LIMIT` | `maxLoginsPerMinute` logins already started in the last minute |
 * | `ERR_LOGIN_REQUIRED` | the login needs the user, and no `useLoginPrompt()` is on the page; `detail` says why |
 * | `ERR_LOGIN_CANCELED` | the user dismissed an interactive login, or it outlasted `interactionTimeout` |
 * | `ERR_RELOGIN_LOOP` | still expired after the `maxRelogins` re-logins this request caused |
 * | `ERR_CALLBACK` | `isExpired` or `applyToken` threw; `cause` is what it threw |
 * | `ERR_INVALID_REQUEST` | luch-request could not build the request (e.g. `params` holding an invalid Date, a lone surrogate or a cycle, or a throwing `paramsSerializer`); `cause` is what it threw |
 */
export type ReloginErrorCode =
  | 'ERR_NETWORK'
  | 'ERR_TIMEOUT'
  | 'ERR_OFFLINE'
  | 'ERR_CANCELED'
  | 'ERR_HTTP'
  | 'ERR_LOGIN'
  | 'ERR_LOGIN_LIMIT'
  | 'ERR_LOGIN_REQUIRED'
  | 'ERR_LOGIN_CANCELED'
  | 'ERR_RELOGIN_LOOP'
  | 'ERR_CALLBACK'
  | 'ERR_INVALID_REQUEST'

/** What a response looks like to `isExpired` and on `ReloginError.response`. */
export interface ReloginResponse<T = unknown> {
  statusCode: number
  /** The parsed body (JSON when it is JSON; upload bodies included). `undefined` for downloads. */
  data: T
  header: Record<string, string>
}

/**
 * What uni-relogin reports to `onEvent`, for logs and on-page diagnostics. Never carries a token.
 * Before it is stamped: `request:*` events carry the request's `id`, the
 * same on every replay and retry; `login:*` events of a run carry its `run` id.
 */
export type ReloginEventBody =
  | { type: 'login:start'; run: number }
  | { type: 'login:success'; run: number }
  | { type: 'login:failure'; run: number; error: ReloginError }
  | { type: 'login:interaction'; run: number }
  /** Another tab (H5) logged in: this one takes its session, and its login in flight, if any, ends with that token. */
  | { type: 'login:adopted' }
  /** Another tab (H5) logged out, so this one did too. */
  | { type: 'logout:adopted' }
  /** An expiry was found while the app is in the background: the login waits for it to come back. */
  | { type: 'login:deferred'; run: number }
  | { type: 'request:held'; id: number; request: RequestLabel }
  /** `relogin`: whether this replay waits on a login that counts against the request's `maxRelogins`. */
  | { type: 'request:replay'; id: number; request: RequestLabel; relogin: boolean }
  /** A request waits: for the network to come back, or (interrupted) for the app to come back. */
  | { type: 'request:paused'; id: number; request: RequestLabel; reason: 'offline' | 'background' }
  | { type: 'request:resumed'; id: number; request: RequestLabel; reason: 'offline' | 'background' }
  /** A failed attempt of a safe request is sent again after `delay` ms (`retry`). */
  | { type: 'request:retry'; id: number; request: RequestLabel; attempt: number; delay: number }
  /**
   * The caller has its result (`ok`: a response, not a rejection). `status` is the last answer's
   * status code, if any; `code` the error's, if it failed with one of ours. Told only for a request
   * with an earlier event (or for every request, with the DevTools plugin).
   */
  | { type: 'request:settled'; id: number; request: RequestLabel; ok: boolean; status?: number; code?: ReloginErrorCode }

/** @internal A `request:*` event, and (`Told`) the part of it a record's `tell` takes. */
export type RequestEventBody = Extract<ReloginEventBody, { id: number }>
export type Told = RequestEventBody extends infer E ? (E extends RequestEventBody ? Omit<E, 'id' | 'request'> : never) : never

/** An event as listeners get it: stamped with `at`, epoch ms. */
export type ReloginEvent = ReloginEventBody & { at: number }

/** Just enough of a request to name it in a message. */
export interface RequestLabel {
  method?: string
  url?: string
}

export interface ReloginErrorOptions {
  request?: RequestLabel
  response?: ReloginResponse
  cause?: unknown
  detail?: unknown
}

/**
 * The one error type uni-relogin rejects with.
 *
 * @example
 * try { await api.post('/register', form) }
 * catch (e) { if (isReloginError(e) && e.code === 'ERR_LOGIN') showRetry() }
 */
export class ReloginError extends Error {
  override readonly name = 'ReloginError'
  readonly code: ReloginErrorCode
  readonly response?: ReloginResponse
  readonly statusCode?: number
  readonly request?: RequestLabel
  /** `cause` is assigned by hand: the runtime on older phones ignores the ES2022 constructor option. */
  readonly cause?: unknown
  /** With `ERR_LOGIN_REQUIRED`: the `LoginRequiredError`'s detail, so a page without a sheet can explain. */
  readonly detail?: unknown

  constructor(code: ReloginErrorCode, message: string, options: ReloginErrorOptions = {}) {
    const { response, cause, detail } = options
    const request = options.request && labelOf(options.request)
    super(request ? `${message}: ${request.method ?? 'GET'} ${request.url ?? ''}` : message)
    this.code = code
    this.request = request
    this.response = response
    this.statusCode = response?.statusCode
    this.cause = cause
    if (detail !== undefined) this.detail = detail
  }
}

/**
 * Thrown by `exchange` (or `getCode`, or `refresh`) when a silent login cannot succeed and the user
 * must act, e.g. the backend answers "bind your phone first". While a `useLoginPrompt()` is on the
 * page, held requests stay held until the interactive login completes or is cancelled; with none,
 * they reject at once with `ERR_LOGIN_REQUIRED`. Neither starts the login cool-down.
 *
 * @example
 * exchange: async (code, http) => {
 *   const { data } = await http.post('/login', { code })
 *   if (data.code === 'NEED_PHONE') throw new LoginRequiredError('phone binding required', data)
 *   return { token: data.data.token }
 * }
 */
export class LoginRequiredError extends Error {
  override readonly name = 'LoginRequiredError'
  /** Anything the interactive login UI needs (e.g. the backend's ticket). */
  readonly detail: unknown

  constructor(message = 'Interactive login required', detail?: unknown) {
    super(message)
    this.detail = detail
  }
}

/**
 * Type guard that also works across duplicated bundles, where `instanceof` fails.
 *
 * @example
 * if (isReloginError(e) && e.code === 'ERR_CANCELED') return
 */
export function isReloginError(error: unknown): error is ReloginError {
  return (
    error instanceof ReloginError ||
    (typeof error === 'object' && error !== null && (error as Error).name === 'ReloginError')
  )
}

/** @internal Same guard for {@link LoginRequiredError}. */
export function isLoginRequiredError(error: unknown): error is LoginRequiredError {
  return (
    error instanceof LoginRequiredError ||
    (typeof error === 'object' && error !== null && (error as Error).name === 'LoginRequiredError')
  )
}

/**
 * @internal The method and path of a request, and nothing else: a full config carries the token in
 * its headers, and the query string may carry personal data.
 */
export function labelOf({ method, url }: RequestLabel): RequestLabel {
  return { method, url: url?.split('?')[0] }
}

