import { ReloginError } from './errors'

/**
 * Protects the platform's login quotas (WeChat's code2session allows about 100 calls a minute per
 * user) from a backend that keeps failing or refusing:
 * - a failed login closes the door for `cooldown` ms, doubling with each consecutive failure up to
 *   32×; meanwhile every login fails at once with that failure, instead of calling `uni.login`;
 * - at most `perMinute` logins start in any 60 s.
 */
export interface LoginBudget {
  /** Records the start of a login, or throws why none may start now. */
  spend(): void
  /** A login failed: the cool-down opens, or grows. */
  failed(error: ReloginError): void
  /** A login succeeded, or the user logged out: the cool-down is over. */
  reset(): void
}

const MINUTE = 60_000

export function createLoginBudget(cooldown: number, perMinute: number): LoginBudget {
  let failures = 0
  let closedUntil = 0
  let lastFailure: ReloginError | undefined
  const starts: number[] = []

  return {
    spend() {
      const now = Date.now()
      if (lastFailure && now < closedUntil) throw lastFailure
      while (starts.length && starts[0]! <= now - MINUTE) starts.shift()
      if (perMinute && starts.length >= perMinute) {
        throw new ReloginError('ERR_LOGIN_LIMIT', `${perMinute} logins in the last minute: no more until one is a minute old`)
      }
      starts.push(now)
    },

    failed(error) {
      lastFailure = error
      closedUntil = Date.now() + cooldown * 2 ** Math.min(failures++, 5)
    },

    reset() {
      failures = 0
      lastFailure = undefined
    },
  }
}
