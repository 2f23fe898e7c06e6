import type { HttpRequestConfig } from 'luch-request'
import type Request from 'luch-request'
import type { ReloginEvent, ReloginEventBody, ReloginResponse } from './errors'
import type { Feature } from './Feature'

/** What `exchange` (or an interactive login) yields. */
export interface LoginResult<User = unknown> {
  token: string
  /**
   * Lifetime in seconds; enables renewal before expiry (for a JWT, `jwtExpiresIn(token)` reads it).
   * Anything but a positive finite number (`0`, `-1` for "never") means an unknown lifetime.
   */
  expiresIn?: number
  user?: User
  /** Kept (and persisted) for `refreshTokens()`, which is tried before a full re-login. */
  refreshToken?: string
}

/** What `refreshTokens()`'s function gets: the session to renew. */
export interface RefreshInput<User = unknown> {
  token: string | null
  refreshToken: string
  user: User | null
}

/**
 * Which failed requests are sent again, and when. Only safe ones ever are: `methods` (GET and HEAD
 * by default) and any request that carries an idempotency key, which makes a POST safe to repeat.
 */
export interface RetryOptions {
  /**
   * Attempts after the first.
   * @default 2
   */
  limit?: number
  /**
   * Methods safe to repeat. Requests with an idempotency key are safe whatever their method.
   * @default ['GET', 'HEAD']
   */
  methods?: string[]
  /**
   * Statuses worth another try; network errors and timeouts always are.
   * @default [408, 429, 500, 502, 503, 504]
   */
  statusCodes?: number[]
  /**
   * The longest `Retry-After` honoured, in ms: a longer one is cut to this.
   * @default 30000
   */
  maxRetryAfter?: number
  /**
   * The longest backoff between attempts, in ms. The backoff is 300 ms × 2^(attempt − 1), jittered.
   * @default 10000
   */
  backoffLimit?: number
}

/** The luch-request options that pass straight through to every request. */
export type PassThroughOptions = Pick<
  HttpRequestConfig,
  'header' | 'params' | 'custom' | 'dataType' | 'responseType' | 'timeout' | 'withCredentials'
>

/** What `createRelogin(options)` takes: `baseURL` and `exchange` are required, every other option has a default (docs/guide/api.md). */
export interface ReloginOptions<User = unknown> extends PassThroughOptions {
  /**
   * The API's base URL, e.g. `https://api.example.com`. The token is sent only to this origin.
   * A relative base such as `/api` (H5 served from the API's own origin) sends it only with relative URLs.
   */
  baseURL: string
  /**
   * Turns a login code into a session. Runs inside the login lock.
   * `http` is a plain luch-request instance (same `baseURL`, no auth interceptors), so the exchange
   * can never recurse into a re-login. Throw `LoginRequiredError` when the user must log in interactively.
   */
  exchange(code: string, http: Request): Promise<LoginResult<User>>
  /**
   * Where login codes come from.
   * @default `uni.login()` with the target's silent flags; required on H5, App and Baidu, which have no silent code.
   */
  getCode?: () => Promise<string>
  /**
   * Whether a response means "token expired". `data` is the parsed body (uploads included).
   * If it throws, the request rejects with `ERR_CALLBACK`.
   * @default (response) => response.statusCode === 401
   */
  isExpired?: (response: ReloginResponse) => boolean
  /**
   * Puts the token on a request. Called only for requests to `baseURL`'s origin.
   * If it throws, the request rejects with `ERR_CALLBACK`.
   * @default sets the header `Authorization: Bearer <token>`
   */
  applyToken?: (config: HttpRequestConfig, token: string) => void
  /**
   * How many re-logins one logical request may cause before it rejects with `ERR_RELOGIN_LOOP`.
   * A request that bounces with a token older than the current one replays at once and costs
   * nothing: another request already paid for that login.
   * @default 1
   */
  maxRelogins?: number
  /** Storage key of the persisted session. @default 'uni-relogin:session' */
  storageKey?: string
  /**
   * Milliseconds that `refresh`, `getCode` and `exchange` each get before the login fails with
   * `ERR_LOGIN` (so a login with a failing refresh may take up to 3 × this).
   * @default 15000
   */
  loginTimeout?: number
  /**
   * Milliseconds an interactive login may wait for the person before its held requests reject
   * with `ERR_LOGIN_CANCELED`. `0` waits as long as the sheet is open.
   * @default 0
   */
  interactionTimeout?: number
  /**
   * After a failed login, logins fail at once with that failure for this many milliseconds,
   * doubling with each consecutive failure (up to 32×), instead of each request calling
   * `uni.login` again. `0` turns it off.
   * @default 1000
   */
  loginCooldown?: number
  /**
   * At most this many logins start in any minute; past it, requests reject at once with
   * `ERR_LOGIN_LIMIT`. WeChat's code2session allows about 100 per minute per user. `0` is no cap.
   * @default 20
   */
  maxLoginsPerMinute?: number
  /**
   * Mutating requests (POST, PUT, DELETE and uploads) carry this header with a key that stays the same
   * across every replay of one logical request. `false` turns it off.
   * @default 'Idempotency-Key'
   */
  idempotencyHeader?: string | false
  /**
   * Platform calls (`request` + `uploadFile` + `downloadFile`) in flight at once; the rest wait in
   * FIFO order, with the login exchange first. WeChat allows 10.
   * @default 10
   */
  maxConcurrent?: number
  /**
   * Called on each login and on each request held by a login or replayed after one. Events carry
   * no token. An error it throws is reported with `console.error` and changes nothing else.
   * @default no-op
   */
  onEvent?: (event: ReloginEvent) => void
  /**
   * What the app imports beyond silent re-login, each a module of its own: `retry()`,
   * `backgroundResume()`, `offlineWait()`, `shareTabs()`, `refreshTokens()`,
   * `renewBeforeExpiry()`, `adoptInstance()`. What an app does not import is not in its bundle.
   * @default none
   */
  features?: Feature[]
}

/** @internal Options with every default applied, in one place. */
export type ResolvedOptions<User = unknown> = Required<Omit<ReloginOptions<User>, keyof PassThroughOptions | 'onEvent'>> & {
  http: PassThroughOptions
  /** Stamps the event and hands it to the app's listener and the features'. Never throws. */
  onEvent(event: ReloginEventBody): void
}

/** @internal `retry` as read once (`resolveRetry`): `enabled` is false only for `retry: false`. */
export type ResolvedRetry = Required<RetryOptions> & { enabled: boolean }
