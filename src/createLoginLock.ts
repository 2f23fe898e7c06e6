/**
 * A single-flight lock: while a login runs, every caller shares its one promise.
 *
 * Re-entry hazard: the task must never wait on a request that itself waits on this lock
 * (e.g. an `exchange` sent through the authenticated instance). It would wait on itself
 * for ever. That is why `exchange` gets a plain instance with no auth interceptors.
 */
export interface LoginLock<T> {
  /** The in-flight run, if any. Read-only: settle it through the task or `cancel()`. */
  readonly pending: Promise<T> | undefined
  /** Joins the in-flight run, or starts `task` when there is none. */
  run(task: () => Promise<T>): Promise<T>
  /** Rejects every waiter now and releases the lock; the task's late outcome is ignored. */
  cancel(reason: unknown): void
}

export function createLoginLock<T>(): LoginLock<T> {
  let current: { promise: Promise<T>; reject(reason: unknown): void } | undefined

  return {
    get pending() {
      return current?.promise
    },

    run(task) {
      if (current) return current.promise
      let resolve!: (value: T) => void
      let reject!: (reason: unknown) => void
      const promise = new Promise<T>((res, rej) => {
        resolve = res
        reject = rej
      })
      const run = { promise, reject }
      current = run
      // Released before settling, so a waiter that reacts by logging in again starts a new run
      // instead of joining this finished one.
      const release = () => {
        if (current === run) current = undefined
      }
      // Started synchronously, so whatever the task sets before its first await (the store's
      // 'logging-in' status) is seen by all code that runs next. A synchronous throw still
      // settles every waiter.
      let started: Promise<T>
      try {
        started = Promise.resolve(task())
      } catch (error) {
        started = Promise.reject(error)
      }
      started.then(
        (value) => (release(), resolve(value)),
        (error) => (release(), reject(error)),
      )
      return promise
    },

    cancel(reason) {
      const run = current
      current = undefined
      run?.reject(reason)
    },
  }
}
