import type { AbortSignalLike } from './createAbortController'
import { ReloginError } from './errors'

/** Counts platform calls (`request` + `uploadFile` + `downloadFile`), which WeChat caps at 10 together. */
export interface Limiter {
  /** Resolves when a slot is free. FIFO, except that `priority` waiters go first (the login exchange). */
  acquire(options?: { priority?: boolean; signal?: AbortSignalLike }): Promise<void>
  /** Takes a slot if one is free now. (A free slot means nobody waits: `release` hands slots on directly.) */
  tryAcquire(): boolean
  /** Frees a slot, handing it straight to the next waiter. */
  release(): void
  /** Slots in use now, and callers waiting for one (for the DevTools inspector). */
  readonly busy: number
  readonly queued: number
}

interface Waiter {
  grant(): void
}

export function createLimiter(max: number): Limiter {
  let active = 0
  const urgent: Waiter[] = []
  const normal: Waiter[] = []

  function tryAcquire(): boolean {
    if (active >= max) return false
    active++
    return true
  }

  return {
    tryAcquire,

    acquire({ priority = false, signal } = {}) {
      if (tryAcquire()) return Promise.resolve()
      const canceled = () => new ReloginError('ERR_CANCELED', 'Request aborted')
      if (signal?.aborted) return Promise.reject(canceled())
      return new Promise<void>((resolve, reject) => {
        const queue = priority ? urgent : normal
        const waiter: Waiter = {
          grant() {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
        }
        // An aborted waiter leaves the queue, so it never holds a place it will not use.
        const onAbort = () => {
          const index = queue.indexOf(waiter)
          // Not queued any more: granted already (a signal may call a listener it was asked to drop).
          if (index === -1) return
          queue.splice(index, 1)
          reject(canceled())
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        queue.push(waiter)
      })
    },

    release() {
      const next = urgent.shift() ?? normal.shift()
      if (next) next.grant()
      else if (active > 0) active--
    },

    get busy() {
      return active
    },
    get queued() {
      return urgent.length + normal.length
    },
  }
}
