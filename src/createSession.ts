import { createLoginLock } from './createLoginLock'
import { isLoginRequiredError, isReloginError, ReloginError, type ReloginEvent } from './errors'
import { jwtExpiresAt } from './jwtExpiresAt'
import type { LoginResult, RefreshInput } from './options'
import { readStorage, writeStorage } from './platform'

export type AuthStatus = 'anonymous' | 'logging-in' | 'authenticated' | 'failed' | 'needs-interaction'

/** The session's state. The pinia store passes a reactive object; anything else works too. */
export interface SessionState<User = unknown> {
  token: string | null
  user: User | null
  /** Epoch ms, or null when the backend gave no lifetime. */
  expiresAt: number | null
  status: AuthStatus
  /** `LoginRequiredError.detail` while `status` is `'needs-interaction'`, else null. */
  interaction: unknown
}

/** @internal What the session needs from the resolved options. */
export interface SessionConfig<User = unknown> {
  getCode(): Promise<string>
  exchange(code: string): Promise<LoginResult<User>>
  refresh?: (session: RefreshInput<User>) => Promise<LoginResult<User>>
  storageKey: string
  loginTimeout: number
  refreshLeadTime: number
  onEvent(event: ReloginEvent): void
}

export interface Session<User = unknown> {
  /** The state as plain reads, for the interceptors' hot path. */
  readonly token: string | null
  readonly status: AuthStatus
  /** Binds the options and restores a persisted session. */
  configure(config: SessionConfig<User>): void
  /** Single-flight login: concurrent callers share one `getCode` + `exchange`. */
  login(): Promise<string>
  /** The token to replace `staleToken`: the current one if it is already newer, else a (shared) login. */
  relogin(staleToken: string | null): Promise<string>
  /** A token fit to send: waits for a login in flight, logs in when there is none or it is about to expire. */
  getToken(): Promise<string>
  /** The token if it is fit to send right now, else null: `getToken()` without the wait. */
  usableToken(): string | null
  /** The server rejected `token` and no re-login is coming: drop it, so the next request logs in first. */
  invalidate(token: string): void
  logout(): void
  /** Finishes an interactive login: stores the session and releases every held request. */
  completeLogin(result: LoginResult<User>): void
  /** Dismisses an interactive login: every held request rejects with `ERR_LOGIN_CANCELED`. */
  cancelLogin(): void
}

export const initialState = <User>(): SessionState<User> => ({
  token: null,
  user: null,
  expiresAt: null,
  status: 'anonymous',
  interaction: null,
})

export function createSession<User>(state: SessionState<User>): Session<User> {
  const lock = createLoginLock<string>()
  let config: SessionConfig<User> | undefined
  // Bumped by logout(): a login that finishes after it must not bring the session back.
  let generation = 0
  let refreshAt: number | null = null
  // The token the server last rejected. If the login meant to replace it fails, it is dropped, so
  // no later request goes out with a token already known to be dead.
  let rejected: string | null = null
  let interaction: { complete(result: LoginResult<User>): void; cancel(error: ReloginError): void } | undefined
  // Not in `state`: no page needs it, and devtools need not show it.
  let refreshToken: string | undefined

  function apply(token: string, user: User | null, expiresAt: number | null, lifetime: number) {
    Object.assign(state, { token, user, expiresAt, status: 'authenticated' as const })
    // Capped at half the lifetime so a short-lived token cannot make every request log in.
    refreshAt = expiresAt === null ? null : expiresAt - Math.min(config!.refreshLeadTime, lifetime / 2)
  }

  function drop(token: string) {
    if (state.token !== token) return
    Object.assign(state, { token: null, expiresAt: null, status: 'anonymous' as const })
    refreshAt = null
    if (config) writeStorage(config.storageKey, undefined)
  }

  async function obtain(cfg: SessionConfig<User>): Promise<LoginResult<User>> {
    if (cfg.refresh && refreshToken) {
      try {
        const input = { token: state.token, refreshToken, user: state.user }
        return await within(cfg.refresh(input), cfg.loginTimeout, 'refresh()')
      } catch {
        // A refused or failed refresh is what the full login is for.
        refreshToken = undefined
      }
    }
    const code = await within(cfg.getCode(), cfg.loginTimeout, 'getCode()')
    try {
      return await within(cfg.exchange(code), cfg.loginTimeout, 'exchange()')
    } catch (error) {
      if (!isLoginRequiredError(error)) throw error
      // Held requests stay held while the user acts; no timeout applies to a person.
      state.status = 'needs-interaction'
      state.interaction = error.detail ?? null
      cfg.onEvent({ type: 'login:interaction' })
      return new Promise((complete, cancel) => (interaction = { complete, cancel }))
    }
  }

  // A plain function, not a method using `this`: pinia calls the store's actions with the store as `this`.
  function usableToken(): string | null {
    if (lock.pending || !state.token) return null
    return refreshAt === null || Date.now() < refreshAt ? state.token : null
  }

  function login(): Promise<string> {
    const cfg = config
    if (!cfg) return Promise.reject(notConfigured())
    return lock.run(async () => {
      const epoch = generation
      state.status = 'logging-in'
      cfg.onEvent({ type: 'login:start' })
      try {
        const result = validate(await obtain(cfg))
        if (epoch !== generation) throw new ReloginError('ERR_CANCELED', 'Logged out while logging in')
        const now = Date.now()
        const expiresAt = result.expiresIn ? now + result.expiresIn * 1000 : jwtExpiresAt(result.token)
        apply(result.token, result.user ?? null, expiresAt, expiresAt === null ? Infinity : expiresAt - now)
        // Kept only for a configured `refresh`: the session persists no more than it uses.
        refreshToken = cfg.refresh ? (result.refreshToken ?? refreshToken) : undefined
        const saved = { token: result.token, user: result.user ?? null, expiresAt }
        writeStorage(cfg.storageKey, refreshToken ? { ...saved, refreshToken } : saved)
        cfg.onEvent({ type: 'login:success' })
        return result.token
      } catch (error) {
        if (epoch === generation) {
          if (rejected !== null) drop(rejected)
          state.status = 'failed'
        }
        const failure =
          isReloginError(error) && error.code !== 'ERR_TIMEOUT'
            ? error
            : new ReloginError('ERR_LOGIN', 'Login failed', { cause: error })
        cfg.onEvent({ type: 'login:failure', error: failure })
        throw failure
      } finally {
        interaction = undefined
        state.interaction = null
      }
    })
  }

  return {
    configure(next) {
      config = next
      const saved = readStorage(next.storageKey) as (Partial<SessionState<User>> & { refreshToken?: unknown }) | undefined
      if (saved && typeof saved.token === 'string' && saved.token) {
        const expiresAt = typeof saved.expiresAt === 'number' ? saved.expiresAt : null
        apply(saved.token, saved.user ?? null, expiresAt, Infinity)
        if (typeof saved.refreshToken === 'string') refreshToken = saved.refreshToken
      }
    },

    login,

    relogin(staleToken) {
      if (state.token && state.token !== staleToken) return Promise.resolve(state.token)
      rejected = staleToken
      return login()
    },

    get token() {
      return state.token
    },
    get status() {
      return state.status
    },

    usableToken,

    getToken() {
      const token = usableToken()
      if (token !== null) return Promise.resolve(token)
      return lock.pending ?? login()
    },

    invalidate(token) {
      // A login in flight will replace the token anyway.
      if (!lock.pending) drop(token)
    },

    logout() {
      generation++
      const canceled = new ReloginError('ERR_CANCELED', 'Logged out while a login was in flight')
      interaction?.cancel(canceled)
      lock.cancel(canceled)
      Object.assign(state, initialState())
      refreshAt = null
      refreshToken = undefined
      if (config) writeStorage(config.storageKey, undefined)
    },

    completeLogin(result) {
      if (!interaction) throw new Error('[uni-relogin] completeLogin() called while no interactive login is waiting.')
      interaction.complete(result)
    },

    cancelLogin() {
      interaction?.cancel(new ReloginError('ERR_LOGIN_CANCELED', 'The user canceled the login'))
    },
  }
}

function validate<User>(result: LoginResult<User>): LoginResult<User> {
  if (typeof result?.token !== 'string' || !result.token) {
    throw new TypeError('exchange() must resolve with { token: string, expiresIn?: number, user? }')
  }
  return result
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  if (!ms) return promise
  let timer: ReturnType<typeof setTimeout>
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReloginError('ERR_TIMEOUT', `${what} timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function notConfigured(): Error {
  return new Error('[uni-relogin] The auth store is not configured. Call createRelogin(options) after app.use(pinia).')
}
