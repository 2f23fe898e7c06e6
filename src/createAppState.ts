import type { AbortSignalLike } from './createAbortController'
import { ReloginError } from './errors'
import { watchNetwork, watchVisibility } from './platform'

/**
 * Whether the app is in the background and whether the network is there, as the platform reports
 * them, with waits for each to come back. One per client: it listens for the app's lifetime.
 */
export interface AppState {
  readonly hidden: boolean
  readonly offline: boolean
  /** Resolves once the app is in the foreground (at once if it is); rejects with `ERR_CANCELED` when `signal` aborts. */
  visible(signal?: AbortSignalLike): Promise<void>
  /**
   * Resolves once the network is back (at once if it is), in the order of the calls. Rejects with
   * `ERR_OFFLINE` after `ms` (0: no bound) and with `ERR_CANCELED` when `signal` aborts.
   */
  online(signal: AbortSignalLike | undefined, ms: number): Promise<void>
  /** Calls `listener` each time the app comes to the foreground. */
  onShow(listener: () => void): void
}

const perClient = new WeakMap<object, AppState>()

/**
 * @internal The one `AppState` of a client (`key`: its session), made by the first feature that
 * asks, so that an app with none of them watches nothing and ships none of this.
 */
export function appStateOf(key: object): AppState {
  let state = perClient.get(key)
  if (!state) perClient.set(key, (state = createAppState()))
  return state
}

function createAppState(): AppState {
  let hidden = false
  let offline = false
  const shown: Array<() => void> = []
  const back: Array<() => void> = []
  const showListeners: Array<() => void> = []

  watchVisibility((isHidden) => {
    hidden = isHidden
    if (hidden) return
    for (const wake of shown.splice(0)) wake()
    for (const listener of showListeners) listener()
  })
  watchNetwork((online) => {
    offline = !online
    if (online) for (const wake of back.splice(0)) wake()
  })

  return {
    get hidden() {
      return hidden
    },
    get offline() {
      return offline
    },
    visible: (signal) => (hidden ? until(shown, signal, 0) : Promise.resolve()),
    online: (signal, ms) => (offline ? until(back, signal, ms) : Promise.resolve()),
    onShow(listener) {
      showListeners.push(listener)
    },
  }
}

/**
 * Waits in `queue` until it is woken. Leaves the queue, its timer and its listener behind when
 * `signal` aborts or `ms` (0: no bound) passes, so an abandoned wait holds nothing.
 */
function until(queue: Array<() => void>, signal: AbortSignalLike | undefined, ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const leave = (error?: ReloginError) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', abort)
      const index = queue.indexOf(wake)
      if (index !== -1) queue.splice(index, 1)
      if (error) reject(error)
      else resolve()
    }
    const wake = () => leave()
    const abort = () => leave(new ReloginError('ERR_CANCELED', 'Request aborted'))
    const timer = ms ? setTimeout(() => leave(new ReloginError('ERR_OFFLINE', `Offline for ${ms} ms`)), ms) : undefined
    if (signal?.aborted) return abort()
    signal?.addEventListener('abort', abort, { once: true })
    queue.push(wake)
  })
}
