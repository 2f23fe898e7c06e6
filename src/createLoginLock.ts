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
  /** Counts from 1 across the app's runs: the `run` of its `login:*` events. */
  readonly id: number
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

let runs = 0

/** `onChange` runs whenever `pending` changes, before any waiter hears of it. */
export function createLoginLock<T>(onChange: () => void = () => {}): LoginLock<T> {
  type Entry = { promise: Promise<T>; resolve(value: T): void; reject(reason: unknown): void }
  let current: Entry | undefined

  /**
   * Ends `entry` if it is still the run in flight. The lock is free before any waiter hears
   * `outcome`, so a waiter that reacts by logging in again starts a new run instead of joining this one.
   */
  function end(entry: Entry | undefined, outcome: (entry: Entry) => void) {
    if (!entry || current !== entry) return
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
      const entry = {} as Entry
      entry.promise = new Promise<T>((resolve, reject) => Object.assign(entry, { resolve, reject }))
      const run: LoginRun = {
        id: ++runs,
        get current() {
          return current === entry
        },
      }
      current = entry
      onChange()
      // Started synchronously, so whatever the task does before its first await is seen by all
      // code that runs next. A synchronous throw still settles every waiter.
      new Promise<T>((resolve) => resolve(task(run))).then(
        (value) => end(entry, ({ resolve }) => resolve(value)),
        (error) => end(entry, ({ reject }) => reject(error)),
      )
      return entry.promise
    },

    cancel(reason) {
      end(current, ({ reject }) => reject(reason))
    },

    settle(value) {
      end(current, ({ resolve }) => resolve(value))
    },
  }
}
