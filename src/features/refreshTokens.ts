import type Request from 'luch-request'
import { DEV, misuse } from '../dev'
import { isLoginRequiredError } from '../errors'
import type { Feature, FeatureContext } from '../Feature'
import type { LoginResult, RefreshInput } from '../options'
import { superseded, within } from '../runLogin'

/**
 * For backends that issue refresh tokens: `refresh` renews the session without `getCode` and
 * `exchange`. It is tried first whenever a refresh token is held (`exchange` returns
 * `refreshToken`, which is then kept and persisted); if it fails, the full login runs. One that
 * throws `LoginRequiredError` hands the login to the person, as `exchange` would. `http` is the
 * plain instance `exchange` gets.
 *
 * @example
 * features: [refreshTokens(async ({ refreshToken }, http) => (await http.post('/refresh', { refreshToken })).data)]
 */
export function refreshTokens<User = unknown>(
  refresh: (session: RefreshInput<User>, http: Request) => Promise<LoginResult<User>>,
): Feature {
  if (typeof refresh !== 'function') throw misuse('refreshTokens(refresh)', DEV && 'takes a function (session, http) => Promise<{ token }>.')
  let context: FeatureContext
  return {
    refreshes: true,
    setup(given) {
      context = given
    },
    login(run, next) {
      const { session, plain, options } = context
      const input = session.renewable() as RefreshInput<User> | undefined
      if (!input) return next()
      return within(() => refresh(input, plain), options.loginTimeout, 'refresh()').then(
        (result) => (run.current ? result : Promise.reject(superseded)),
        (error: unknown) => {
          if (!run.current) throw superseded
          // A refused refresh token is not tried again; the full login is what it is for.
          session.dropRefreshToken()
          if (isLoginRequiredError(error)) throw error
          return next()
        },
      )
    },
  }
}
