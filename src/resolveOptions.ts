import type Request from 'luch-request'
import { DEV, misuse } from './dev'
import { ReloginError, type ReloginEvent } from './errors'
import type { PassThroughOptions, ReloginOptions, ResolvedOptions, ResolvedRetry, RetryOptions } from './options'
import { loginWithPlatform, platformName } from './platform'
import { silentLogin } from './silentLogin'

/** @internal Validates eagerly and applies defaults, in one place. */
export function resolveOptions<User>(options: ReloginOptions<User>): ResolvedOptions<User> {
  if (typeof options !== 'object' || options === null) {
    throw misuse('createRelogin(options)', DEV && 'needs an options object.')
  }
  const {
    baseURL,
    instance,
    exchange,
    refresh,
    getCode = loginWithPlatform,
    isExpired = (response) => response.statusCode === 401,
    applyToken = (config, token) => {
      config.header = { ...config.header, Authorization: `Bearer ${token}` }
    },
    maxRelogins = 1,
    storageKey = 'uni-relogin:session',
    loginTimeout = 15_000,
    interactionTimeout = 0,
    loginCooldown = 1_000,
    maxLoginsPerMinute = 20,
    refreshLeadTime = 5_000,
    idempotencyHeader = 'Idempotency-Key',
    maxConcurrent = 10,
    offline = 'wait',
    retry = 0,
    refreshOnShow = true,
    onEvent = () => {},
    ...http
  } = options
  const counts = { maxRelogins, loginTimeout, interactionTimeout, loginCooldown, maxLoginsPerMinute, refreshLeadTime, maxConcurrent }
  check(options, { getCode, isExpired, applyToken, onEvent }, counts)
  if (instance !== undefined) checkInstance(instance, baseURL, http)
  return {
    ...counts,
    baseURL,
    instance,
    exchange,
    refresh,
    getCode,
    isExpired: guest('isExpired', isExpired),
    applyToken: guest('applyToken', applyToken),
    storageKey,
    idempotencyHeader,
    offline,
    retry: resolveRetry(retry),
    refreshOnShow: refreshOnShow !== false,
    onEvent: listener(onEvent),
    http,
  }
}

/** Each option that is wrong throws a TypeError naming it, explained in development builds. */
function check<User>(options: ReloginOptions<User>, callbacks: Record<string, unknown>, counts: Record<string, number>) {
  const { baseURL, exchange, refresh, offline = 'wait' } = options
  if (typeof baseURL !== 'string' || !/^(https?:\/\/[^/?#]+|\/)/i.test(baseURL)) {
    throw misuse('`baseURL`', DEV && `must be an absolute http(s) URL or a path starting with "/", got ${JSON.stringify(baseURL)}.`)
  }
  const silent = silentLogin(platformName())
  if (options.getCode === undefined && 'missing' in silent) {
    throw misuse('`getCode`', DEV && `is required here: ${silent.missing}. Pass a function that resolves with a login code (docs/platforms.md).`)
  }
  if (typeof exchange !== 'function') {
    throw misuse('`exchange(code, http)`', DEV && 'is required: it turns a login code into { token }.')
  }
  if (refresh !== undefined && typeof refresh !== 'function') {
    throw misuse('`refresh`', DEV && 'must be a function (session, http) => Promise<{ token }>.')
  }
  if (offline !== 'wait' && offline !== 'fail') {
    throw misuse('`offline`', DEV && `must be 'wait' or 'fail', got ${JSON.stringify(offline)}.`)
  }
  for (const [name, value] of Object.entries(callbacks)) {
    if (typeof value !== 'function') throw misuse(`\`${name}\``, DEV && 'must be a function.')
  }
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < (name === 'maxConcurrent' ? 1 : 0)) {
      throw misuse(`\`${name}\``, DEV && `must be a ${name === 'maxConcurrent' ? 'positive' : 'non-negative'} integer, got ${String(value)}.`)
    }
  }
}

/**
 * @internal One reading of `retry` for the client and for each call: a number is the limit, and
 * `false` turns off every resend, the one after the background included.
 */
export function resolveRetry(retry: number | RetryOptions | false | undefined): ResolvedRetry {
  const options = typeof retry === 'object' && retry !== null ? retry : { limit: retry || 0 }
  const {
    limit = 2,
    methods = ['GET', 'HEAD'],
    statusCodes = [408, 429, 500, 502, 503, 504],
    maxRetryAfter = 30_000,
    backoffLimit = 10_000,
  } = options
  if (!Number.isInteger(limit) || limit < 0) {
    throw misuse('`retry.limit`', DEV && `must be a non-negative integer, got ${String(limit)}.`)
  }
  const upper = methods.map((method) => method.toUpperCase())
  return { limit, methods: upper, statusCodes, maxRetryAfter, backoffLimit, enabled: retry !== false }
}

/** An app's instance must be luch-request's, aimed at `baseURL`, and configured on itself. */
function checkInstance(instance: Request, baseURL: string, passThrough: PassThroughOptions) {
  const { interceptors, config } = (instance ?? {}) as Partial<Request>
  if (typeof instance?.middleware !== 'function' || typeof interceptors?.response?.use !== 'function' || !config) {
    throw misuse('`instance`', DEV && "must be a luch-request instance (new Request(), or uview-plus's uni.$u.http).")
  }
  if (config.baseURL && config.baseURL !== baseURL) {
    throw misuse('`baseURL`', DEV && `(${JSON.stringify(baseURL)}) differs from the instance's (${JSON.stringify(config.baseURL)}): the token goes to baseURL's origin only, so they must agree.`)
  }
  const stray = Object.keys(passThrough).filter((key) => passThrough[key as keyof PassThroughOptions] !== undefined)
  if (stray.length > 0) {
    throw misuse(stray.map((key) => `\`${key}\``).join(', '), DEV && 'must be set on the instance itself when one is handed over (instance.setConfig).')
  }
}

/** A predicate's error becomes a typed error that names it; the original is its `cause`. */
function guest<Callback extends (a: never, b: never) => unknown>(name: string, callback: Callback): Callback {
  // Two fixed arguments (isExpired takes one, applyToken two), not rest arguments: it runs for
  // every request, and this allocates nothing.
  return ((a: never, b: never) => {
    try {
      return callback(a, b)
    } catch (cause) {
      throw new ReloginError('ERR_CALLBACK', `${name}() threw`, { cause })
    }
  }) as Callback
}

/** A listener's error is reported and never changes an outcome. */
function listener(onEvent: (event: ReloginEvent) => void): (event: ReloginEvent) => void {
  return (event) => {
    try {
      onEvent(event)
    } catch (error) {
      console.error(`[uni-relogin] onEvent threw on '${event.type}'; the event was handled anyway:`, error)
    }
  }
}
