import { isReloginError, ReloginError } from '../src/index'
import type { AbortSignalLike } from '../src/index'

/** What `uniCloud.callFunction` resolves with. uni-id's errors arrive in `result`, as `errCode`. */
export interface CloudResult {
  result?: { errCode?: unknown; newToken?: { token?: unknown; tokenExpired?: unknown } } & Record<string, unknown>
  [key: string]: unknown
}

/** What the call needs from the session (`useAuthStore()._session`, docs/design.md "uniCloud"). */
export interface CloudSession {
  getToken(): Promise<string>
  relogin(staleToken: string): Promise<string>
}

export interface CloudCall {
  /** `name` or `name.method`, for messages. */
  label: string
  /** One attempt with `token` as `uniIdToken` (null: as the SDK would send it), through the SDK. */
  send(token: string | null): Promise<CloudResult>
  signal?: AbortSignalLike
}

export interface CloudRules {
  session: CloudSession
  /** The session's epoch now: it moves on at every logout. */
  epoch(): number
  isExpired(result: CloudResult): boolean
  /** A sliding renewal inside a normal answer (uni-id's `newToken`). */
  renewed(result: CloudResult): void
}

/**
 * One cloud call with HTTP's rules: it waits while a login runs and carries the token that login
 * brings, and an answer with uni-id's expiry joins the session's single-flight `relogin` and is
 * sent once more. A call that cannot be recovered (the login failed, or the replay expired too)
 * resolves with uni-id's own answer, so the SDK and uni-id do what they always do with it.
 * A call whose signal aborts, or whose epoch ends (a logout), rejects with `ERR_CANCELED` at once,
 * and is neither sent again nor allowed to start a login.
 */
export function runCloudCall(call: CloudCall, rules: CloudRules): Promise<CloudResult> {
  const { signal } = call
  const { session } = rules
  const epoch = rules.epoch()
  const ended = () => signal?.aborted === true || rules.epoch() !== epoch
  const canceled = () => new ReloginError('ERR_CANCELED', `Cloud call canceled (${signal?.aborted ? 'aborted' : 'logged out'}): ${call.label}`)

  /** `promise`, unless the call ends first: then ERR_CANCELED, whatever `promise` does later. */
  function live<T>(promise: Promise<T>): Promise<T> {
    if (ended()) return Promise.reject(canceled())
    return new Promise<T>((resolve, reject) => {
      const abort = () => reject(canceled())
      signal?.addEventListener('abort', abort, { once: true })
      promise
        .then(
          (value) => (ended() ? reject(canceled()) : resolve(value)),
          (error: unknown) => reject(ended() || isCanceled(error) ? canceled() : error),
        )
        .finally(() => signal?.removeEventListener('abort', abort))
    })
  }

  function attempt(replay: boolean): Promise<CloudResult> {
    // A failed login leaves the call to go as the SDK would send it: uni-id answers, and its route applies.
    const token = session.getToken().catch((error: unknown): Promise<null> => (isCanceled(error) ? Promise.reject(error) : Promise.resolve(null)))
    return live(token).then((sent) =>
      live(call.send(sent)).then((result) => {
        rules.renewed(result)
        if (replay || sent === null || !rules.isExpired(result)) return result
        return live(session.relogin(sent)).then(
          () => attempt(true),
          (error: unknown) => (isCanceled(error) ? Promise.reject(error) : result),
        )
      }),
    )
  }

  return attempt(false)
}

const isCanceled = (error: unknown) => isReloginError(error) && error.code === 'ERR_CANCELED'
