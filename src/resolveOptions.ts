import { DEV, misuse } from './dev'
import { ReloginError, type ReloginEvent, type ReloginEventBody } from './errors'
import type { ReloginOptions, ResolvedOptions } from './options'
import { loginWithPlatform, platformName } from './platform'
import { silentLogin } from './silentLogin'

/** @internal Validates eagerly and applies defaults, in one place. */
export function resolveOptions<User>(options: ReloginOptions<User>): ResolvedOptions<User> {
  if (typeof options !== 'object' || options === null) {
    throw misuse('createRelogin(options)', DEV && 'needs an options object.')
  }
  const {
    baseURL,
    exchange,
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
    idempotencyHeader = 'Idempotency-Key',
    maxConcurrent = 10,
    onEvent = () => {},
    features = [],
    ...http
  } = options
  const counts = { maxRelogins, loginTimeout, interactionTimeout, loginCooldown, maxLoginsPerMinute, maxConcurrent }
  check(options, { getCode, isExpired, applyToken, onEvent }, counts)
  return {
    ...counts,
    baseURL,
    exchange,
    getCode,
    isExpired: guest('isExpired', isExpired),
    applyToken: guest('applyToken', applyToken),
    storageKey,
    idempotencyHeader,
    onEvent: listener([onEvent, ...features.flatMap((feature) => feature.onEvent ?? [])]),
    features,
    http,
  }
}

const MOVED = {
  retry: 'retry(limit)',
  offline: 'offlineWait()',
  refresh: 'refreshTokens(refresh)',
  refreshLeadTime: 'renewBeforeExpiry({ leadTime })',
  refreshOnShow: 'renewBeforeExpiry({ onShow })',
  instance: 'adoptInstance(http)',
}

/** Each option that is wrong throws a TypeError naming it, explained in development builds. */
function check<User>(options: ReloginOptions<User>, callbacks: Record<string, unknown>, counts: Record<string, number>) {
  const { baseURL, exchange, features = [] } = options
  // 0.1's options for what are features now: passed through to luch-request, they would do nothing.
  for (const [name, feature] of Object.entries(MOVED)) {
    if (name in options) throw misuse(`\`${name}\``, DEV && `is a feature you import since 0.2: features: [${feature}] (see the migration guide, docs/guide/migrating.md).`)
  }
  if (!Array.isArray(features) || features.some((feature) => typeof feature !== 'object' || feature === null)) {
    throw misuse('`features`', DEV && 'must be an array of features, e.g. [retry(2), backgroundResume()].')
  }
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
  for (const [name, value] of Object.entries(callbacks)) {
    if (typeof value !== 'function') throw misuse(`\`${name}\``, DEV && 'must be a function.')
  }
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < (name === 'maxConcurrent' ? 1 : 0)) {
      throw misuse(`\`${name}\``, DEV && `must be a ${name === 'maxConcurrent' ? 'positive' : 'non-negative'} integer, got ${String(value)}.`)
    }
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

/** Stamps each event once; a listener's error is reported and never changes an outcome. */
function listener(listeners: ((event: ReloginEvent) => void)[]): (event: ReloginEventBody) => void {
  return (body) => {
    const event = body as ReloginEvent
    event.at = Date.now()
    for (const onEvent of listeners) {
      try {
        onEvent(event)
      } catch (error) {
        console.error(`[uni-relogin] onEvent threw on '${event.type}'; the event was handled anyway:`, error)
      }
    }
  }
}
