import { setImmediate } from 'node:timers'

export interface ErrorResult {
  errMsg: string
}

export interface Callbacks<T> {
  success?: (res: T) => void
  fail?: (res: ErrorResult) => void
  complete?: (res: T | ErrorResult) => void
}

/** The single settlement of one WeChat-style call. */
export interface Reply<T> {
  readonly settled: boolean
  ok(res: Omit<T, 'errMsg'>): void
  fail(reason: string): void
}

/**
 * WeChat's callback contract: exactly one of success/fail, then complete with the same object,
 * never synchronously inside the call. Later settlements are ignored, which is what makes
 * `abort()` after completion a no-op. `onSettle` runs at settle time, before any callback,
 * so a callback that starts a new task already sees the old one as finished.
 */
export function createReply<T extends ErrorResult>(api: string, callbacks: Callbacks<T>, onSettle?: () => void): Reply<T> {
  const { success, fail, complete } = callbacks
  let settled = false
  const deliver = <R extends ErrorResult>(res: R, callback?: (res: R) => void) => {
    if (settled) return
    settled = true
    onSettle?.()
    setImmediate(() => {
      // complete must run even when the caller's success/fail throws; the throw still surfaces.
      try {
        callback?.(res)
      } finally {
        complete?.(res as T | ErrorResult)
      }
    })
  }
  return {
    get settled() {
      return settled
    },
    ok: (res) => deliver({ ...res, errMsg: `${api}:ok` } as T, success),
    fail: (reason) => deliver({ errMsg: `${api}:fail ${reason}` }, fail),
  }
}

/**
 * Non-task async APIs return a Promise when given no callback at all, as WeChat (base library
 * 2.10.2+) and uni-app do; the Promise rejects with the `{ errMsg }` object.
 */
export function invoke<T extends ErrorResult>(
  api: string,
  options: Callbacks<T>,
  run: (reply: Reply<T>) => void,
): Promise<T> | undefined {
  const { success, fail, complete } = options
  if (success || fail || complete) {
    run(createReply(api, options))
    return undefined
  }
  return new Promise<T>((resolve, reject) => run(createReply<T>(api, { success: resolve, fail: reject })))
}

/** Readable reason for a Node error: 'connect ECONNREFUSED', 'aborted (ECONNRESET)', … */
export function describeError(error: unknown): string {
  const { syscall, code, message } = (error ?? {}) as NodeJS.ErrnoException
  if (syscall && code) return `${syscall} ${code}`
  if (code) return `${message} (${code})`
  return message ?? String(error)
}
