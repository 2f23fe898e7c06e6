import { stale, type Interaction } from './createInteraction'
import { createLoginBudget } from './createLoginBudget'
import { createLoginLock } from './createLoginLock'
import { DEV } from './dev'
import { ReloginError } from './errors'
import type { LoginResult, RefreshInput } from './options'
import { eraseStorage, readStorage } from './platform'
import { isDropped } from './savedSession'
import { runLogin, superseded } from './runLogin'
import { initialState, type AuthStatus, type SessionConfig, type SessionState } from './sessionState'
import { TokenState } from './TokenState'

/**
 * The session's states. `status` is never set by hand: `sync()` derives it from the one truth,
 * the login lock (is a run in flight, and does it wait for a person?), then the token:
 *
 *   anonymous | authenticated | failed ──login()──▶ logging-in
 *   logging-in ──the login needs the user, a prompt is live──▶ needs-interaction
 *   logging-in | needs-interaction ──success──▶ authenticated
 *   logging-in | needs-interaction ──failure──▶ failed (or authenticated, if the old token is still held)
 *   any ──logout()──▶ anonymous: the run in flight is superseded and can change nothing more, and
 *     the epoch ends, so no request of it can log in again (RequestRecord)
 *   any ──adopt(saved)──▶ authenticated, or anonymous when `saved` holds no session (another H5 tab
 *     logged in or out; the run in flight is superseded, and its waiters get the adopted token)
 */
export class Session<User = unknown> {
  /** Bumped by each logout, ours or one adopted from another tab: a request belongs to the epoch it began in. */
  epoch = 0
  private readonly lock = createLoginLock<string>(() => this.sync())
  // The login waiting for the person belongs to the run in flight: `sync()` ends it with that run.
  private person: Interaction<User> | undefined
  private config: SessionConfig<User> | undefined
  private budget = createLoginBudget(0, 0)
  private readonly held: TokenState<User>
  private readonly epochEnds: Array<() => void> = []

  constructor(private readonly state: SessionState<User>) {
    this.held = new TokenState(state, () => this.config?.dueAt)
  }

  get token(): string | null {
    return this.state.token
  }

  get status(): AuthStatus {
    return this.state.status
  }

  /** The login in flight, if any: the one answer to "is a login running?". */
  get pending(): Promise<string> | undefined {
    return this.lock.pending
  }

  /** Binds the options and restores a persisted session. */
  configure(config: SessionConfig<User>): void {
    this.config = config
    this.budget = createLoginBudget(config.loginCooldown, config.maxLoginsPerMinute)
    this.held.restore(readStorage(config.storageKey))
    this.sync()
  }

  /** The session `refreshTokens()` renews, while a refresh token is held. */
  renewable(): RefreshInput<User> | undefined {
    return this.held.renewable()
  }

  /** A refresh token was refused: the full login runs, and it is not tried again. */
  dropRefreshToken(): void {
    this.held.refreshToken = undefined
  }

  /** Calls `listener` after each logout, once the session is anonymous. */
  onEpochEnd(listener: () => void): void {
    this.epochEnds.push(listener)
  }

  /** Single-flight login: concurrent callers share one run. */
  login(): Promise<string> {
    const config = this.config
    if (!config) return Promise.reject(notConfigured())
    if (this.lock.pending) return this.lock.pending
    try {
      this.budget.spend()
    } catch (error) {
      this.held.fail(config.storageKey)
      this.sync()
      return Promise.reject(error)
    }
    const { held, budget } = this
    // The lock calls sync() as the run ends, before any waiter hears of it.
    return this.lock.run((run) => runLogin(run, { config, held, budget, person: () => this.person }))
  }

  /** The token to replace `staleToken`: the current one if it is already newer, else a (shared) login. */
  relogin(staleToken: string): Promise<string> {
    if (this.state.token && this.state.token !== staleToken) return Promise.resolve(this.state.token)
    this.held.rejected = staleToken
    return this.login()
  }

  /** A token fit to send: the current one, or the next one (the login in flight, or a new one). */
  getToken(): Promise<string> {
    const token = this.usableToken()
    if (token !== null) return Promise.resolve(token)
    const next = this.login()
    // A renewal ahead of expiry (a token held, none rejected) that fails leaves that token usable
    // until it expires (TokenState.fail). Otherwise no extra step: waiters keep their FIFO order.
    if (!this.state.token || this.held.rejected !== null) return next
    return next.catch((error: unknown) => this.usableToken() ?? Promise.reject(error))
  }

  /** The token if it is fit to send right now, else null: `getToken()` without the wait. */
  usableToken(): string | null {
    return this.lock.pending ? null : this.held.usable()
  }

  /** Starts a login if the token held is due for renewal (its known lifetime is nearly over). */
  renewIfDue(): void {
    if (this.state.token && this.usableToken() === null && !this.lock.pending) this.login().catch(() => {})
  }

  logout(): void {
    this.endEpoch('Logged out while a login was in flight')
    if (this.config) eraseStorage(this.config.storageKey)
  }

  /** Takes over the session another tab saved: logged in, or out when it holds none. */
  adopt(saved: unknown): void {
    const config = this.config
    if (!config || isDropped(saved)) return
    if (!this.held.restore(saved)) {
      if (!this.state.token && !this.lock.pending) return
      this.endEpoch('Logged out in another tab while a login was in flight')
      config.onEvent({ type: 'logout:adopted' })
      return
    }
    this.held.rejected = null
    this.budget.reset()
    // Another tab's login stands for ours: its waiters replay with that token, and our run, if
    // it gets further, leaves without effects (it would spend the refresh token the other tab holds).
    this.person?.end(superseded)
    this.lock.settle(this.state.token!)
    this.sync()
    config.onEvent({ type: 'login:adopted' })
  }

  /** Finishes the interactive login waiting now: stores the session and releases every held request. */
  completeLogin(result: LoginResult<User>): void {
    if (this.person) this.person.complete(result)
    else stale('completeLogin()')
  }

  /** Dismisses the interactive login waiting now: every held request rejects with `ERR_LOGIN_CANCELED`. */
  cancelLogin(): void {
    if (this.person) this.person.cancel()
    else stale('cancelLogin()')
  }

  /**
   * The person at the login sheet, made by `create` on first use. `useLoginPrompt()` brings it, so
   * an app without a sheet ships none of it: its logins that need the user fail at once.
   */
  interactive(create: (onChange: () => void) => Interaction<User>): Interaction<User> {
    return (this.person ??= create(() => this.sync()))
  }

  private sync(): void {
    const { lock, person, state } = this
    if (!lock.pending) person?.end()
    const waiting = person?.waiting
    state.interaction = waiting ? (waiting.detail ?? null) : null
    state.status = lock.pending
      ? waiting
        ? 'needs-interaction'
        : 'logging-in'
      : state.token
        ? 'authenticated'
        : this.held.failed
          ? 'failed'
          : 'anonymous'
  }

  /** Back to anonymous: the run in flight is superseded, and every request of the epoch is over. */
  private endEpoch(reason: string): void {
    const canceled = new ReloginError('ERR_CANCELED', reason)
    this.person?.end(canceled)
    this.lock.cancel(canceled)
    Object.assign(this.state, initialState())
    this.held.clear()
    this.budget.reset()
    this.epoch++
    this.sync()
    for (const listener of this.epochEnds) listener()
  }
}

function notConfigured(): Error {
  return new Error(`[uni-relogin] ${DEV ? 'The auth store is not configured. Call createRelogin(options) after app.use(pinia).' : 'not configured'}`)
}
