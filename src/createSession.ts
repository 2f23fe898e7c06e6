import type { AppState } from './createAppState'
import { noPrompt, stale, type Interaction } from './createInteraction'
import { createLoginBudget } from './createLoginBudget'
import { createLoginLock, type LoginRun } from './createLoginLock'
import { DEV, misuse } from './dev'
import { isLoginRequiredError, isReloginError, ReloginError, type ReloginEvent } from './errors'
import type { LoginResult, RefreshInput } from './options'
import { eraseStorage, readStorage, watchStorage, writeStorage } from './platform'

/**
 * The session's states. `status` is never set by hand: `sync()` derives it from the one truth,
 * the login lock (is a run in flight, and does it wait for a person?), then the token:
 *
 *   anonymous | authenticated | failed ──login()──▶ logging-in
 *   logging-in ──exchange needs the user, a prompt is live──▶ needs-interaction
 *   logging-in | needs-interaction ──success──▶ authenticated
 *   logging-in | needs-interaction ──failure──▶ failed (or authenticated, if the old token is still held)
 *   any ──logout()──▶ anonymous (the run in flight is superseded and can change nothing more)
 *   any ──adopt(saved)──▶ authenticated, or anonymous when `saved` holds no session (another H5 tab
 *     logged in or out; the run in flight is superseded, and its waiters get the adopted token)
 */
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
  interactionTimeout: number
  loginCooldown: number
  maxLoginsPerMinute: number
  refreshLeadTime: number
  /** A login never runs while the app is in the background: WeChat would interrupt it. */
  app: Pick<AppState, 'hidden' | 'visible'>
  /** Never throws: `resolveOptions` isolates the user's listener. */
  onEvent(event: ReloginEvent): void
}

export interface Session<User = unknown> {
  /** The state as plain reads, for the interceptors' hot path. */
  readonly token: string | null
  readonly status: AuthStatus
  /** The login in flight, if any: the one answer to "is a login running?". */
  readonly pending: Promise<string> | undefined
  /** Binds the options, restores a persisted session, and follows the other tabs' (H5). */
  configure(config: SessionConfig<User>): void
  /** Takes over the session another tab saved (`readStorage()`'s value): logged in, or out when it holds none. */
  adopt(saved: unknown): void
  /** Single-flight login: concurrent callers share one run. */
  login(): Promise<string>
  /** The token to replace `staleToken`: the current one if it is already newer, else a (shared) login. */
  relogin(staleToken: string): Promise<string>
  /** A token fit to send: the current one, or the next one (the login in flight, or a new one). */
  getToken(): Promise<string>
  /** The token if it is fit to send right now, else null: `getToken()` without the wait. */
  usableToken(): string | null
  /** Starts a login if the token held is due for renewal (its known lifetime is nearly over). */
  renewIfDue(): void
  logout(): void
  /** Finishes the interactive login waiting now: stores the session and releases every held request. */
  completeLogin(result: LoginResult<User>): void
  /** Dismisses the interactive login waiting now: every held request rejects with `ERR_LOGIN_CANCELED`. */
  cancelLogin(): void
  /**
   * The person at the login sheet, made by `create` on first use. `useLoginPrompt()` brings it, so
   * an app without a sheet ships none of it: its logins that need the user fail at once.
   */
  interactive(create: (onChange: () => void) => Interaction<User>): Interaction<User>
}

export const initialState = <User>(): SessionState<User> => ({
  token: null,
  user: null,
  expiresAt: null,
  status: 'anonymous',
  interaction: null,
})

export function createSession<User>(state: SessionState<User>): Session<User> {
  const lock = createLoginLock<string>(sync)
  // The login waiting for the person belongs to the run in flight: `sync()` ends it with that run.
  let person: Interaction<User> | undefined
  let config: SessionConfig<User> | undefined
  let budget = createLoginBudget(0, 0)
  let refreshAt: number | null = null
  // The token the server last rejected. If the login meant to replace it fails, it is dropped, so
  // no later request goes out with a token already known to be dead.
  let rejected: string | null = null
  let failed = false
  // Not in `state`: no page needs it, and devtools need not show it.
  let refreshToken: string | undefined
  let watching = false

  function sync() {
    if (!lock.pending) person?.end()
    const waiting = person?.waiting
    state.interaction = waiting ? (waiting.detail ?? null) : null
    state.status = lock.pending
      ? waiting
        ? 'needs-interaction'
        : 'logging-in'
      : state.token
        ? 'authenticated'
        : failed
          ? 'failed'
          : 'anonymous'
  }

  function apply(token: string, user: User | null, expiresAt: number | null, lifetime: number) {
    Object.assign(state, { token, user, expiresAt })
    failed = false
    // Capped at half the lifetime so a short-lived token cannot make every request log in.
    refreshAt = expiresAt === null ? null : expiresAt - Math.min(config!.refreshLeadTime, lifetime / 2)
  }

  /** Takes the session as saved in storage; false when it holds none. */
  function restore(value: unknown): boolean {
    const saved = value as (Partial<SessionState<User>> & { refreshToken?: unknown }) | undefined
    if (!saved || typeof saved.token !== 'string' || !saved.token) return false
    const expiresAt = typeof saved.expiresAt === 'number' ? saved.expiresAt : null
    apply(saved.token, saved.user ?? null, expiresAt, Infinity)
    // The refresh token rotates on use: the one this tab held may already be spent by the other.
    refreshToken = typeof saved.refreshToken === 'string' ? saved.refreshToken : undefined
    return true
  }

  /** Back to anonymous, superseding the run in flight; the caller decides about storage. */
  function reset(reason: string) {
    const canceled = new ReloginError('ERR_CANCELED', reason)
    person?.end(canceled)
    lock.cancel(canceled)
    Object.assign(state, initialState())
    refreshAt = null
    refreshToken = undefined
    rejected = null
    failed = false
    budget.reset()
  }

  function adopt(saved: unknown) {
    const cfg = config
    if (!cfg) return
    if (!restore(saved)) {
      if (!state.token && !lock.pending) return
      reset('Logged out in another tab while a login was in flight')
      sync()
      cfg.onEvent({ type: 'logout:adopted' })
      return
    }
    rejected = null
    budget.reset()
    // Another tab's login stands for ours: its waiters replay with that token, and our run, if
    // it gets further, leaves without effects (it would spend the refresh token the other tab holds).
    person?.end(superseded)
    lock.settle(state.token!)
    sync()
    cfg.onEvent({ type: 'login:adopted' })
  }

  /**
   * A login did not bring a session. If the server had rejected the token it was to replace, that
   * token is dead and goes too. Otherwise it was a renewal ahead of expiry, and the token still
   * serves until it expires, rather than every request failing with this login meanwhile.
   */
  function fail() {
    failed = true
    if (rejected !== null && state.token === rejected) {
      Object.assign(state, { token: null, expiresAt: null })
      refreshAt = null
      eraseStorage(config!.storageKey)
    } else if (state.token) {
      refreshAt = state.expiresAt
    }
    rejected = null
    sync()
  }

  function usableToken(): string | null {
    if (lock.pending || !state.token) return null
    return refreshAt === null || Date.now() < refreshAt ? state.token : null
  }

  function login(): Promise<string> {
    const cfg = config
    if (!cfg) return Promise.reject(notConfigured())
    if (lock.pending) return lock.pending
    try {
      budget.spend()
    } catch (error) {
      fail()
      return Promise.reject(error)
    }
    return lock.run((run) => attempt(run, cfg))
  }

  function attempt(run: LoginRun, cfg: SessionConfig<User>): Promise<string> {
    cfg.onEvent({ type: 'login:start' })
    // Without a wait, the first step starts right here, in the caller's turn.
    const obtained = cfg.app.hidden
      ? (cfg.onEvent({ type: 'login:deferred' }), alive(run, cfg.app.visible()).then(() => obtain(run, cfg)))
      : obtain(run, cfg)
    return obtained
      .then((value) => {
        const result = validate(value)
        const now = Date.now()
        const lifetime = result.expiresIn ? result.expiresIn * 1000 : null
        const expiresAt = lifetime === null ? null : now + lifetime
        apply(result.token, result.user ?? null, expiresAt, lifetime ?? Infinity)
        rejected = null
        budget.reset()
        // Kept only for a configured `refresh`: the session persists no more than it uses.
        refreshToken = cfg.refresh ? (result.refreshToken ?? refreshToken) : undefined
        const saved = { token: result.token, user: result.user ?? null, expiresAt }
        writeStorage(cfg.storageKey, refreshToken ? { ...saved, refreshToken } : saved)
        cfg.onEvent({ type: 'login:success' })
        return result.token
      })
      .catch((error: unknown) => {
        // A superseded run leaves without a trace: logout() or adopt() already settled its waiters.
        if (!run.current) throw error
        // ERR_LOGIN_* pass as they are; anything else (a TypeError, a raw platform error) is a failed login.
        const failure =
          isReloginError(error) && error.code.startsWith('ERR_LOGIN')
            ? error
            : new ReloginError('ERR_LOGIN', 'Login failed', { cause: error })
        // A person's "no" is an answer, not a fault of the platform: the next request may ask again.
        if (failure.code !== 'ERR_LOGIN_CANCELED') budget.failed(failure)
        fail()
        cfg.onEvent({ type: 'login:failure', error: failure })
        throw failure
      })
  }

  /** refresh, else getCode + exchange, else the person. Checks after every wait that `run` is still current. */
  function obtain(run: LoginRun, cfg: SessionConfig<User>): Promise<LoginResult<User>> {
    const live = <T>(promise: Promise<T>) => alive(run, promise)
    const login = () =>
      live(within(cfg.getCode, cfg.loginTimeout, 'getCode()')).then((code) =>
        live(within(() => cfg.exchange(code), cfg.loginTimeout, 'exchange()')).catch((error: unknown) => {
          if (!run.current || !isLoginRequiredError(error)) throw error
          if (!person) throw noPrompt(error.detail)
          const answer = person.ask(error.detail, cfg.interactionTimeout)
          if (person.waiting) cfg.onEvent({ type: 'login:interaction' })
          return live(answer)
        }),
      )
    if (!cfg.refresh || !refreshToken) return login()
    const input = { token: state.token, refreshToken, user: state.user }
    return live(within(() => cfg.refresh!(input), cfg.loginTimeout, 'refresh()')).catch((error: unknown) => {
      if (!run.current) throw error
      // A refused or failed refresh is what the full login is for.
      refreshToken = undefined
      return login()
    })
  }

  return {
    configure(next) {
      config = next
      budget = createLoginBudget(next.loginCooldown, next.maxLoginsPerMinute)
      restore(readStorage(next.storageKey))
      sync()
      // Listens for the app's lifetime, once: a later configure() only rebinds the key it reads.
      // (`key` null: the page cleared all of storage.)
      if (!watching) {
        watching = true
        watchStorage((key) => {
          if (key === null || key === config!.storageKey) adopt(readStorage(config!.storageKey))
        })
      }
    },

    adopt,

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
    get pending() {
      return lock.pending
    },

    usableToken,

    renewIfDue() {
      if (state.token && usableToken() === null && !lock.pending) login().catch(() => {})
    },

    getToken() {
      const token = usableToken()
      if (token !== null) return Promise.resolve(token)
      const next = login()
      // A renewal ahead of expiry (a token held, none rejected) that fails leaves that token usable
      // until it expires (fail()). Otherwise no extra step: waiters keep their FIFO order.
      if (!state.token || rejected !== null) return next
      return next.catch((error: unknown) => usableToken() ?? Promise.reject(error))
    },

    logout() {
      reset('Logged out while a login was in flight')
      if (config) eraseStorage(config.storageKey)
      sync()
    },

    completeLogin(result) {
      if (person) person.complete(result)
      else stale('completeLogin()')
    },
    cancelLogin() {
      if (person) person.cancel()
      else stale('cancelLogin()')
    },
    interactive(create) {
      return (person ??= create(sync))
    },
  }
}

// The rejection of a superseded run's work: nobody hears it, the lock already dropped the run.
const superseded = new ReloginError('ERR_CANCELED', "Superseded by logout() or another tab's session")

/** What `promise` settles with, while `run` is current; once superseded, only `superseded`. */
function alive<T>(run: LoginRun, promise: Promise<T>): Promise<T> {
  return promise.then(
    (value) => (run.current ? value : Promise.reject(superseded)),
    (error) => Promise.reject(run.current ? error : superseded),
  )
}

function validate<User>(result: LoginResult<User>): LoginResult<User> {
  if (typeof result?.token !== 'string' || !result.token) {
    throw misuse('exchange()', DEV && 'must resolve with { token: string, expiresIn?: number, user? }')
  }
  return result
}

/** Runs a user callback with a time limit; a synchronous throw becomes a rejection too. */
function within<T>(callback: () => Promise<T>, ms: number, what: string): Promise<T> {
  const promise = new Promise<T>((resolve) => resolve(callback()))
  if (!ms) return promise
  let timer: ReturnType<typeof setTimeout>
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReloginError('ERR_TIMEOUT', `${what} timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function notConfigured(): Error {
  return new Error(`[uni-relogin] ${DEV ? 'The auth store is not configured. Call createRelogin(options) after app.use(pinia).' : 'not configured'}`)
}
