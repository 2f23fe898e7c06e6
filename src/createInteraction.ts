import { ReloginError } from './errors'
import type { LoginResult } from './options'

/**
 * The person at the page's login sheet: how many sheets are on the page (`useLoginPrompt()` in a
 * live effect scope), and the one interactive login waiting for them. That login belongs to the
 * run that asked for it: the session ends it with the run, so a late `complete()` or `cancel()`
 * finds nothing and only warns.
 */
export interface Interaction<User> {
  /** The login waiting for the person, if any. */
  readonly waiting: { readonly detail: unknown } | undefined
  /**
   * Hands the login to the person: resolves with what they complete. Rejects at once with
   * `ERR_LOGIN_REQUIRED` when no sheet is on the page, and with `ERR_LOGIN_CANCELED` after `ms` (0: never).
   */
  ask(detail: unknown, ms: number): Promise<LoginResult<User>>
  /** The sheet's "done": the person's session. */
  complete(result: LoginResult<User>): void
  /** The sheet's "close". */
  cancel(): void
  /** Forgets the waiting login, rejecting it with `reason` if given (its run ended or was superseded). */
  end(reason?: ReloginError): void
  /** Counts a sheet on the page; call the returned function when it goes away. */
  addPrompt(): () => void
}

/** `onChange` runs when a login starts waiting for the person, so the session's status says so. */
export function createInteraction<User>(onChange: () => void): Interaction<User> {
  let prompts = 0
  let waiting: { detail: unknown; complete(result: LoginResult<User>): void; cancel(error: ReloginError): void } | undefined

  function end(reason?: ReloginError) {
    const ended = waiting
    waiting = undefined
    if (reason) ended?.cancel(reason)
  }

  return {
    get waiting() {
      return waiting
    },

    ask(detail, ms) {
      if (prompts === 0) return Promise.reject(noPrompt(detail))
      return new Promise<LoginResult<User>>((complete, cancel) => {
        const timer = ms
          ? setTimeout(() => cancel(new ReloginError('ERR_LOGIN_CANCELED', `The interactive login was not completed within ${ms} ms`)), ms)
          : undefined
        waiting = {
          detail,
          complete: (result) => (clearTimeout(timer), complete(result)),
          cancel: (error) => (clearTimeout(timer), cancel(error)),
        }
        onChange()
      })
    },

    complete(result) {
      if (waiting) waiting.complete(result)
      else stale('completeLogin()')
    },

    cancel() {
      if (waiting) waiting.cancel(new ReloginError('ERR_LOGIN_CANCELED', 'The user canceled the login'))
      else stale('cancelLogin()')
    },

    end,

    addPrompt() {
      prompts++
      let live = true
      return () => {
        if (!live) return
        live = false
        // The last sheet left the page while a login waited on it: nobody can finish that login.
        if (--prompts === 0 && waiting) end(noPrompt(waiting.detail))
      }
    },
  }
}

/** @internal A sheet acting when no login waits: late, e.g. after a logout. */
export function stale(action: string) {
  console.warn(`[uni-relogin] ${action} ignored: no interactive login is waiting (it ended, or logout() superseded it).`)
}

/** @internal The failure of a login that needs the user when no sheet is on the page. */
export function noPrompt(detail: unknown): ReloginError {
  return new ReloginError('ERR_LOGIN_REQUIRED', 'The login needs the user, and no useLoginPrompt() is on the page', { detail })
}
