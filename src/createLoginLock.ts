/**
 * A single-flight lock: while a login runs, every caller shares its one promise.
 *
 * Each task is a *run* with its own identity. `cancel()` supersedes the run: its waiters reject at
 * once and the lock is free, but the task goes on until its next `await`. So after every await it
 * must ask `run.current` and, if superseded, leave without effects. Its late outcome is dropped.
 *
 * Re-entry hazard: the task must never wait on a request that itself waits on this lock
 * (e.g. an `exchange` sent through the authenticated instance). It would wait on itself
 * for ever. That is why `exchange` gets a plain instance with no auth interceptors.
 */
export interface LoginRun {
  /** True until the run settles or is superseded by `cancel()`. */
  readonly current: boolean
}

export interface LoginLock<T> {
  /** The in-flight run, if any. Read-only: settle it through the task or `cancel()`. */
  readonly pending: Promise<T> | undefined
  /** Joins the in-flight run, or starts `task` when there is none. */
  run(task: (run: LoginRun) => Promise<T>): Promise<T>
  /** Rejects every waiter now and releases the lock; the task's late outcome is dropped. */
  cancel(reason: unknown): void
  /** Resolves every waiter with `value` now and releases the lock; the task's late outcome is dropped. */
  settle(value: T): void
}

/** `onChange` runs whenever `pending` changes, before any waiter hears of it. */
export function createLoginLock<T>(onChange: () => void = () => {}): LoginLock<T> {
  let current: { promise: Promise<T>; resolve(value: T): void; reject(reason: unknown): void } | undefined

  /** Supersedes the run in flight: the lock is free before any waiter hears `outcome`. */
  function supersede(outcome: (entry: NonNullable<typeof current>) => void) {
    const entry = current
    if (!entry) return
    current = undefined
    onChange()
    outcome(entry)
  }

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
      const entry = { promise, resolve, reject }
      const run: LoginRun = {
        get current() {
          return current === entry
        },
      }
      // Released before settling, so a waiter that reacts by logging in again starts a new run
      // instead of joining this finished one.
      const settle =
        <V>(settler: (value: V) => void) =>
        (value: V) => {
          if (current !== entry) return
          current = undefined
          onChange()
          settler(value)
        }
      current = entry
      onChange()
      // Started synchronously, so whatever the task does before its first await is seen by all
      // code that runs next. A synchronous throw still settles every waiter.
      let started: Promise<T>
      try {
        started = Promise.resolve(task(run))
      } catch (error) {
        started = Promise.reject(error)
      }
      started.then(settle(resolve), settle(reject))
      return promise
    },

    cancel(reason) {
      supersede((entry) => entry.reject(reason))
    },

    settle(value) {
      supersede((entry) => entry.resolve(value))
    },
  }
}
