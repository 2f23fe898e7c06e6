import type { LoginBudget } from './createLoginBudget'
import type { LoginRun } from './createLoginLock'
import type { Interaction } from './createInteraction'
import { noPrompt } from './createInteraction'
import { DEV, misuse } from './dev'
import { isLoginRequiredError, isReloginError, ReloginError } from './errors'
import type { LoginResult } from './options'
import type { SessionConfig } from './sessionState'
import type { TokenState } from './TokenState'

/** The parts of the session a login run works with. */
export interface LoginHost<User> {
  readonly config: SessionConfig<User>
  /** The login sheet's person, once a `useLoginPrompt()` has made one (maybe during this run). */
  person(): Interaction<User> | undefined
  readonly held: TokenState<User>
  readonly budget: LoginBudget
}

/** A validated result: `lifetime` in ms, or null when unknown. */
export type Obtained<User> = LoginResult<User> & { lifetime: number | null }

// The rejection of a superseded run's work: nobody hears it, the lock already dropped the run.
export const superseded = new ReloginError('ERR_CANCELED', "Superseded by logout() or another tab's session")

/**
 * One login attempt, and its outcome for the session. Only the current run has effects: after
 * every wait it checks `run.current`, and once superseded it only rejects with `superseded`.
 */
export function runLogin<User>(run: LoginRun, host: LoginHost<User>): Promise<string> {
  const { config, held, budget } = host
  config.onEvent({ type: 'login:start', run: run.id })
  return obtain(run, host).then(
    (result) => {
      // Checked here too: a logout in the few turns since the last step must not be undone.
      if (!run.current) throw superseded
      held.accept(result, config.storageKey, config.refreshes)
      budget.reset()
      config.onEvent({ type: 'login:success', run: run.id })
      return result.token
    },
    (error: unknown) => {
      // A superseded run leaves without a trace: logout() or adopt() already settled its waiters.
      if (!run.current) throw error
      const failure = loginFailure(error)
      // The cool-down is for faults of the platform or the backend. A person's answer, or a
      // login that needs a sheet the page lacks, is not one: the next page's sheet may ask again.
      if (failure.code !== 'ERR_LOGIN_CANCELED' && failure.code !== 'ERR_LOGIN_REQUIRED') budget.failed(failure)
      held.fail(config.storageKey)
      config.onEvent({ type: 'login:failure', run: run.id, error: failure })
      throw failure
    },
  )
}

/**
 * getCode + exchange, wrapped by the features' steps (`refreshTokens()` tries its refresh first,
 * `backgroundResume()` waits for the foreground); the person, when any of them says
 * `LoginRequiredError`.
 */
function obtain<User>(run: LoginRun, host: LoginHost<User>): Promise<Obtained<User>> {
  const { config } = host
  const codeLogin = () =>
    alive(run, within(config.getCode, config.loginTimeout, 'getCode()')).then((code) =>
      alive(run, within(() => config.exchange(code), config.loginTimeout, 'exchange()')),
    )
  const first = config.steps.reduceRight<() => Promise<LoginResult<User>>>(
    (next, step) => () => step(run, next) as Promise<LoginResult<User>>,
    codeLogin,
  )
  // Without a wait, the first step starts right here, in the caller's turn.
  return new Promise<LoginResult<User>>((resolve) => resolve(first()))
    .catch((error: unknown) => {
      // From getCode (H5's natural place), exchange or a feature's step alike: the person finishes it.
      if (!run.current || !isLoginRequiredError(error)) throw error
      return ask(run, host, error.detail)
    })
    .then(validate)
}

function ask<User>(run: LoginRun, { config, ...host }: LoginHost<User>, detail: unknown): Promise<LoginResult<User>> {
  const person = host.person()
  if (!person) return Promise.reject(noPrompt(detail))
  const answer = person.ask(detail, config.interactionTimeout)
  if (person.waiting) config.onEvent({ type: 'login:interaction', run: run.id })
  return alive(run, answer)
}

/** ERR_LOGIN_* pass as they are; anything else (a TypeError, a raw platform error) is a failed login. */
function loginFailure(error: unknown): ReloginError {
  return isReloginError(error) && error.code.startsWith('ERR_LOGIN') ? error : new ReloginError('ERR_LOGIN', 'Login failed', { cause: error })
}

/** What `promise` settles with, while `run` is current; once superseded, only `superseded`. */
function alive<T>(run: LoginRun, promise: Promise<T>): Promise<T> {
  return promise.then(
    (value) => (run.current ? value : Promise.reject(superseded)),
    (error) => Promise.reject(run.current ? error : superseded),
  )
}

function validate<User>(result: LoginResult<User>): Obtained<User> {
  if (typeof result?.token !== 'string' || !result.token) {
    throw misuse('exchange()', DEV && 'must resolve with { token: string, expiresIn?: number, user? }')
  }
  return { ...result, lifetime: lifetimeOf(result.expiresIn) }
}

/**
 * `expiresIn` in ms. Anything but a positive finite number (`0`, or `-1`, which some backends send
 * for "never") is an unknown lifetime: taken at face value it makes the token never usable, and
 * every request logs in again.
 */
function lifetimeOf(expiresIn: unknown): number | null {
  if (typeof expiresIn === 'number' && expiresIn > 0 && expiresIn < Infinity) return expiresIn * 1000
  if (DEV && expiresIn != null) {
    console.warn(`[uni-relogin] expiresIn ${String(expiresIn)} is not a positive number of seconds: the token's lifetime is taken as unknown, so it is renewed only when the server rejects it. Leave expiresIn out when the backend gives none.`)
  }
  return null
}

/** @internal Runs a user callback with a time limit; a synchronous throw becomes a rejection too. */
export function within<T>(callback: () => Promise<T>, ms: number, what: string): Promise<T> {
  const promise = new Promise<T>((resolve) => resolve(callback()))
  if (!ms) return promise
  let timer: ReturnType<typeof setTimeout>
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReloginError('ERR_TIMEOUT', `${what} timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
