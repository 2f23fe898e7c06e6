import { watch } from 'vue'

/**
 * Resolves with `read()` once it passes `test`, checked on every change of the reactive state it
 * reads (the store's, for instance): a test waits on the change itself, never on a guessed sleep.
 * Rejects after `ms`, naming the value it was left with.
 */
export function until<T>(read: () => T, test: (value: T) => boolean, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`still ${JSON.stringify(read())} after ${ms} ms`))
    }, ms)
    // `immediate` may call back before `stop` exists, hence the microtask.
    const stop = watch(read, (value) => {
      if (!test(value)) return
      clearTimeout(timer)
      queueMicrotask(() => stop())
      resolve(value)
    }, { immediate: true, flush: 'sync' })
  })
}
