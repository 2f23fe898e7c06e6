import { setImmediate } from 'node:timers'
import { createNodeUni } from '../../testing/createNodeUni'
import type { HeadersReceived, Listener, RequestOptions, RequestSuccess, RequestTask } from '../../testing/types'
import type { ErrorResult } from '../../testing/callbacks'
import { PLATFORM_CAP } from '../config'

/**
 * The repo's Node uni runtime (real HTTP, WeChat's callback rules and its cap: at most 10 calls at
 * once, the rest queued in FIFO order), with the queue for `request` kept here instead, where a run
 * can drop it. The cap is in the "platform", so it is identical for every contender, and a
 * contender that floods the platform pays for it, as on a phone.
 *
 * `kill()` ends a run: queued and later calls are dropped without callbacks, so a contender still
 * looping after the deadline cannot steal CPU from the next run. `quietMs()` tells the harness how
 * long no platform call has started or ended: the clients here have no timers of their own, so after
 * a quiet second nothing is left that could settle a pending request.
 */
export function createCappedUni(codeURL: string) {
  const runtime = createNodeUni({ codeURL })
  const send = runtime.request
  const login = runtime.login
  const queue: Array<() => void> = []
  let active = 0
  let killed = false
  let lastActivity = performance.now()
  const touch = () => void (lastActivity = performance.now())

  const next = () => {
    touch()
    active--
    if (!killed) queue.shift()?.()
  }

  // Killed runs start no logins either (a looping contender would keep the CPU busy).
  function trackedLogin(options: Parameters<typeof login>[0] = {}) {
    if (killed) return undefined
    touch()
    const done = touch
    const { success, fail } = options
    if (!success && !fail && !options.complete) return login()!.finally(done)
    return login({ ...options, success: (res) => (done(), success?.(res)), fail: (res) => (done(), fail?.(res)) })
  }

  function request(options: RequestOptions): RequestTask {
    let task: RequestTask | undefined
    const headerListeners: Array<Listener<HeadersReceived>> = []
    const start = () => {
      if (killed) return
      touch()
      active++
      let released = false
      // The slot frees when the call settles, before the app's callbacks run (as on the platform).
      const release = () => !released && ((released = true), next())
      task = send({
        ...options,
        success: (res: RequestSuccess) => (release(), options.success?.(res)),
        fail: (res: ErrorResult) => (release(), options.fail?.(res)),
      })
      headerListeners.forEach((listener) => task!.onHeadersReceived(listener))
    }
    if (killed) return idleTask()
    if (active < PLATFORM_CAP) start()
    else queue.push(start)
    return {
      abort() {
        if (task) return task.abort()
        const at = queue.indexOf(start)
        if (at < 0) return
        queue.splice(at, 1)
        const res = { errMsg: 'request:fail abort' }
        setImmediate(() => (options.fail?.(res), options.complete?.(res)))
      },
      onHeadersReceived: (listener) => (task ? task.onHeadersReceived(listener) : void headerListeners.push(listener)),
      offHeadersReceived: (listener) => task?.offHeadersReceived(listener),
    }
  }

  return Object.assign(runtime, {
    request,
    login: trackedLogin,
    quietMs: () => performance.now() - lastActivity,
    kill() {
      killed = true
      queue.length = 0
    },
  })
}

export type CappedUni = ReturnType<typeof createCappedUni>

function idleTask(): RequestTask {
  return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
}
