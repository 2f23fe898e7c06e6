import { getCurrentScope, onScopeDispose } from 'vue'
import { createAbortController, isReloginError, ReloginError } from '../src/index'
import type { AbortSignalLike } from '../src/index'
import type { CloudResult } from './runCloudCall'

/** `uniCloud.importObject`'s options, plus the call's cancel signal. */
export interface CloudObjectOptions {
  /** Every call of this object rejects with `ERR_CANCELED` once it aborts. @default the page's, when made in a setup */
  signal?: AbortSignalLike
  customUI?: boolean
  [key: string]: unknown
}

/** A method call on a wrapped object, until the SDK hands it to `callFunction`. */
interface PendingCall {
  params: unknown[]
  signal?: AbortSignalLike
  /** What `callFunction` resolves the SDK with for a call that ended in `error`. */
  cancel(error: unknown): Promise<CloudResult>
}

// A canceled call must not reach the SDK as an error: with customUI off it would show a modal on
// a page that is gone. It resolves with this instead, and the wrapper throws the error it carries.
const canceled = Symbol('uni-relogin:canceled')

/**
 * Cloud objects whose calls follow a signal, the page's by default. The SDK builds each call on
 * `uniCloud.callFunction`, so that is where the token and the replay are handled; this only
 * tells the call which signal it has. The SDK passes each call's arguments through as they are,
 * and in the order they were made, so `claim` finds the call by name, method and arguments.
 */
export function wrapCloudObject(importObject: (name: string, options?: object) => object) {
  const pending = new Map<string, PendingCall[]>()

  function create(name: string, { signal, ...options }: CloudObjectOptions = {}): object {
    if (!signal && getCurrentScope()) {
      const page = createAbortController()
      onScopeDispose(() => page.abort())
      signal = page.signal
    }
    const inner = importObject(name, options) as Record<string, (...params: unknown[]) => Promise<unknown>>
    return new Proxy(inner, {
      get(target, method) {
        // Not a method: `await object` reads `then`, and the SDK's proxy would make it a cloud call.
        if (typeof method !== 'string' || method === 'then') return undefined
        if (method === 'toString' || method === 'toJSON') return target[method]
        return (...params: unknown[]) => call(target, name, method, params, signal)
      },
    })
  }

  function call(target: Record<string, (...params: unknown[]) => Promise<unknown>>, name: string, method: string, params: unknown[], signal?: AbortSignalLike) {
    const key = `${name}.${method}`
    const abortError = () => new ReloginError('ERR_CANCELED', `Cloud call canceled (aborted): ${key}`)
    if (signal?.aborted) return Promise.reject(abortError())
    const entry: PendingCall = {
      params,
      signal,
      cancel: (error) => (isReloginError(error) && error.code === 'ERR_CANCELED' ? Promise.resolve({ result: { [canceled]: error } }) : Promise.reject(error)),
    }
    pending.set(key, [...(pending.get(key) ?? []), entry])
    const release = () => drop(key, entry)
    const done = target[method]!(...params)
    done.then(release, release)
    return new Promise((resolve, reject) => {
      const abort = () => reject(abortError())
      signal?.addEventListener('abort', abort, { once: true })
      done
        .then((value) => {
          const error = (value as Record<symbol, unknown> | null)?.[canceled]
          return error ? reject(error) : resolve(value)
        }, reject)
        .finally(() => signal?.removeEventListener('abort', abort))
    })
  }

  function drop(key: string, entry: PendingCall) {
    const left = (pending.get(key) ?? []).filter((other) => other !== entry)
    if (left.length) pending.set(key, left)
    else pending.delete(key)
  }

  /** The oldest pending call of `name.method` with these very arguments, taken off the list. */
  function claim(name: string, method: string, params: unknown): PendingCall | undefined {
    const key = `${name}.${method}`
    const args = Array.isArray(params) ? params : []
    const entry = pending.get(key)?.find((other) => other.params.length === args.length && other.params.every((param, i) => param === args[i]))
    if (entry) drop(key, entry)
    return entry
  }

  return { create, claim }
}
