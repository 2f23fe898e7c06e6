/** The part of `AbortSignal` uni-relogin reads; a browser's or Node's own signal fits too. */
export interface AbortSignalLike {
  readonly aborted: boolean
  readonly reason?: unknown
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void
  removeEventListener(type: 'abort', listener: () => void): void
}

/** An `AbortController`, or `createAbortController()`'s where the runtime has none (WeChat's JS runtime on phones). */
export interface AbortControllerLike {
  readonly signal: AbortSignalLike
  abort(reason?: unknown): void
}

/**
 * A minimal `AbortController` for runtimes that lack one (WeChat's JS runtime on phones).
 *
 * @example
 * const controller = createAbortController()
 * api.get('/profile', { signal: controller.signal })
 * onUnload(() => controller.abort())
 */
export function createAbortController(): AbortControllerLike {
  const listeners = new Set<() => void>()
  const signal = {
    aborted: false,
    reason: undefined as unknown,
    addEventListener(_type: 'abort', listener: () => void) {
      listeners.add(listener)
    },
    removeEventListener(_type: 'abort', listener: () => void) {
      listeners.delete(listener)
    },
  }
  return {
    signal,
    abort(reason = new Error('Aborted')) {
      if (signal.aborted) return
      signal.aborted = true
      signal.reason = reason
      for (const listener of [...listeners]) listener()
      listeners.clear()
    },
  }
}
