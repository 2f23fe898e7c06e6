import { watch } from 'vue'
import { useAuthStore } from '../src/index'
import type { AbortSignalLike } from '../src/index'
import { wrapCloudObject, type CloudObjectOptions } from './wrapCloudObject'
import { runCloudCall, type CloudResult } from './runCloudCall'
import { clearUniIdToken, readUniIdToken, writeUniIdToken } from './uniIdStorage'

/** The part of the uniCloud client SDK this wraps; `uniCloud` itself fits. */
export interface UniCloudLike {
  callFunction(options: CallFunctionOptions): Promise<CloudResult>
  importObject(name: string, options?: object): object
}

/** `uniCloud.callFunction(options)`, as the wrapped SDK takes it. */
export interface CallFunctionOptions {
  name: string
  data?: Record<string, unknown>
  /** The SDK's: 'FUNCTION' (the default), 'OBJECT' (importObject's own calls), 'CLIENT_DB'. */
  type?: string
  /** Rejects the call with `ERR_CANCELED`: no longer held for a login, and not replayed. */
  signal?: AbortSignalLike
  [key: string]: unknown
}

/** `installUniCloud(uniCloud, options)`: which errors mean an expired token, and which calls go as they are. */
export interface UniCloudOptions {
  /**
   * The `errCode`s that mean "this token is dead": a call answered with one joins the login and is
   * replayed. Cloud objects throw them, cloud functions resolve with them in `result.errCode`.
   * @default ['uni-id-token-expired', 'uni-id-check-token-failed']
   */
  expiredCodes?: string[]
  /**
   * Calls that go as they are: not held during a login, no token added, never replayed. The login
   * itself must be one, or it would wait for itself.
   * @default uni-id-co's `login*`, `register*` and `secureNetworkHandshakeByWeixin`
   */
  bypass?: (call: { name: string; method?: string }) => boolean
}

/** What `installUniCloud()` returns. */
export interface InstalledUniCloud {
  /** Puts back the SDK's own `callFunction` and `importObject`, and stops following the session. */
  uninstall(): void
}

const callback = (listener: unknown, value: unknown) => typeof listener === 'function' && listener(value)

const uniIdLogin = ({ name, method = '' }: { name: string; method?: string }) =>
  name === 'uni-id-co' && /^(login|register|secureNetworkHandshake)/.test(method)

/**
 * Gives uniCloud calls the package's re-login: cloud objects from `importObject` and cloud
 * functions from `callFunction` that fail with uni-id's token errors join the same single-flight
 * login as HTTP requests and are replayed once; uni-id's token in storage follows the session.
 * Call it once, after `createRelogin(...)`, before the first `importObject`.
 *
 * @example
 * app.use(createRelogin({ exchange: loginByWeixin, … }))
 * installUniCloud(uniCloud)
 */
export function installUniCloud(uniCloud: UniCloudLike, options: UniCloudOptions = {}): InstalledUniCloud {
  const { expiredCodes = ['uni-id-token-expired', 'uni-id-check-token-failed'], bypass = uniIdLogin } = options
  if (!uniCloud || typeof uniCloud.callFunction !== 'function' || typeof uniCloud.importObject !== 'function') {
    throw new TypeError('[uni-relogin] installUniCloud(uniCloud): pass the uniCloud object of the app')
  }
  if (!Array.isArray(expiredCodes) || !expiredCodes.every((code) => typeof code === 'string')) {
    throw new TypeError('[uni-relogin] installUniCloud: expiredCodes must be an array of errCode strings')
  }
  if (typeof bypass !== 'function') throw new TypeError('[uni-relogin] installUniCloud: bypass must be a function')

  const store = useAuthStore()
  const session = store._session
  const { callFunction, importObject } = uniCloud

  // uni-id's token is a mirror of the session's: written at each login, gone at logout.
  const mirror = ([token]: [string | null, unknown]) => {
    try {
      if (token === null) clearUniIdToken()
      else writeUniIdToken({ token, tokenExpired: store.expiresAt })
    } catch (error) {
      console.warn("[uni-relogin] uni-id's token could not be written to storage", error)
    }
  }
  // The token uni-id renewed last launch (`newToken` is not saved with the session), or a uni-id
  // login from before this package: the newer token wins over the stored session's.
  const saved = readUniIdToken()
  if (saved && saved.token !== store.token && !(saved.tokenExpired !== null && saved.tokenExpired <= Date.now())) {
    session.adopt({ token: saved.token, user: store.user, expiresAt: saved.tokenExpired })
  } else {
    mirror([store.token, store.expiresAt])
  }
  // Both: a login sets the token before its expiry, and each write must see the pair it belongs to.
  const stopMirror = watch(() => [store.token, store.expiresAt] as [string | null, unknown], mirror, { flush: 'sync' })

  const rules = {
    session,
    // Each logout, here or adopted from another tab, ends the session's epoch.
    epoch: () => session.epoch,
    isExpired: (answer: CloudResult) => expiredCodes.includes(answer.result?.errCode as string),
    renewed(answer: CloudResult) {
      const renewal = answer.result?.newToken
      if (typeof renewal?.token !== 'string' || !renewal.token || renewal.token === store.token) return
      const tokenExpired = typeof renewal.tokenExpired === 'number' ? renewal.tokenExpired : null
      session.adopt({ token: renewal.token, user: store.user, expiresAt: tokenExpired })
    },
  }
  const objects = wrapCloudObject(importObject.bind(uniCloud))

  uniCloud.callFunction = function (callOptions: CallFunctionOptions) {
    const { signal, success, fail, complete, ...rest } = callOptions ?? ({} as CallFunctionOptions)
    const type = rest.type ?? 'FUNCTION'
    const method = type === 'OBJECT' ? (rest.data?.method as string | undefined) : undefined
    if ((type !== 'FUNCTION' && type !== 'OBJECT') || bypass({ name: rest.name, method })) return callFunction.call(uniCloud, callOptions)
    // The SDK replaces `options.data` with a copy carrying `uniIdToken`: each attempt starts from the caller's.
    const data = { ...rest.data }
    const record = type === 'OBJECT' ? objects.claim(rest.name, method!, data.params) : undefined
    const call = runCloudCall(
      {
        label: method ? `${rest.name}.${method}` : rest.name,
        signal: signal ?? record?.signal,
        send: (token) => callFunction.call(uniCloud, { ...rest, data: token === null ? { ...data } : { ...data, uniIdToken: token } }),
      },
      rules,
    )
    const settled = record ? call.catch(record.cancel) : call
    if (!success && !fail && !complete) return settled
    // Callback style: the caller hears the outcome once, not each attempt.
    settled.then(
      (answer) => (callback(success, answer), callback(complete, answer)),
      (error: unknown) => (callback(fail, error), callback(complete, error)),
    )
    return undefined as unknown as Promise<CloudResult>
  }
  uniCloud.importObject = (name: string, objectOptions?: CloudObjectOptions) => objects.create(name, objectOptions)

  return {
    uninstall() {
      stopMirror()
      Object.assign(uniCloud, { callFunction, importObject })
    },
  }
}
