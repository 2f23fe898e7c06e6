import { appStateOf } from '../createAppState'
import { DEV, misuse } from '../dev'
import type { Feature } from '../Feature'

/** `renewBeforeExpiry(options)`: how long before its expiry a token is renewed, and whether coming back to the foreground checks it. */
export interface RenewOptions {
  /**
   * Log in this many milliseconds before a known expiry, so no request is wasted. Capped at half the
   * token's lifetime, so that a short-lived token cannot make every request log in.
   * @default 5000
   */
  leadTime?: number
  /**
   * When the app comes back to the foreground, renew a session whose known lifetime is about to
   * end, before the page asks for anything. Subject to the login budget.
   * @default true
   */
  onShow?: boolean
}

/**
 * Renews the session ahead of a known expiry (`expiresIn` from `exchange`, or `jwtExpiresIn(token)`
 * for a JWT). If that early login fails, the token keeps serving until it actually expires.
 *
 * @example
 * createRelogin({ baseURL, exchange, features: [renewBeforeExpiry({ leadTime: 10_000 })] })
 */
export function renewBeforeExpiry({ leadTime = 5_000, onShow = true }: RenewOptions = {}): Feature {
  if (!Number.isInteger(leadTime) || leadTime < 0) {
    throw misuse('`renewBeforeExpiry({ leadTime })`', DEV && `must be a non-negative integer, got ${String(leadTime)}.`)
  }
  return {
    dueAt: (expiresAt, lifetime) => expiresAt - Math.min(leadTime, lifetime / 2),
    setup({ session }) {
      if (onShow) appStateOf(session).onShow(() => session.renewIfDue())
    },
  }
}
