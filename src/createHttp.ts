import Request from 'luch-request'
import type { HttpError, HttpRequestConfig, HttpResponse, HttpTask } from 'luch-request'
import type { AbortSignalLike } from './createAbortController'
import type { AppState } from './createAppState'
import { createIdempotencyKey } from './createIdempotencyKey'
import type { Limiter } from './createLimiter'
import { createRecovery, untilAborted } from './createRecovery'
import { isReloginError, labelOf, ReloginError, type ReloginResponse } from './errors'
import type { ResolvedOptions, RetryOptions } from './options'
import { createOriginCheck } from './origin'

/** Upload/download progress, as the platform reports it. */
export interface Progress {
  progress: number
  totalBytesSent?: number
  totalBytesExpectedToSend?: number
  totalBytesWritten?: number
  totalBytesExpectedToWrite?: number
}

/** Per-request state, kept in luch-request's `custom` because that survives its merge and every replay. */
export interface RequestCustom extends Record<string, unknown> {
  /** `false`: no token, and no waiting for a login (for public routes and the login UI's own calls). */
  auth?: boolean
  signal?: AbortSignalLike
  onProgress?: (progress: Progress) => void
  /** A key to reuse (e.g. across a user's retries), or `false` for none. */
  idempotencyKey?: string | false
  /** This request's own `retry` (resolved), instead of the client's. */
  retry?: Required<RetryOptions>
  /** @internal The token this attempt carried. */
  _token?: string
  /** @internal Re-logins this logical request has waited on (see `maxRelogins`). */
  _relogins?: number
  /** @internal Whether this attempt holds a limiter slot. */
  _slot?: boolean
  /** @internal Retries so far (`retry`). */
  _retries?: number
  /** @internal Already sent again after the background interrupted it. */
  _resumed?: boolean
  /** @internal Stops this attempt's watch on `signal`. */
  _unwatch?: () => void
}

/** @internal A request as the interceptors see it. */
export type Config = HttpRequestConfig<HttpTask> & { custom: RequestCustom; forcedJSONParsing?: boolean }

/** luch-request's own default, which bounds how long a request waits for the network. */
const DEFAULT_TIMEOUT = 60_000

/** The options the HTTP side reads; the login callbacks belong to the session. */
type HttpOptions = Omit<ResolvedOptions, 'exchange' | 'refresh' | 'getCode'>

/**
 * @internal The part of the session the interceptors use. It asks one question, "a usable token
 * now, or a promise of the next one", and keeps no notion of its own of whether a login runs.
 */
export interface AuthPort {
  readonly token: string | null
  usableToken(): string | null
  getToken(): Promise<string>
  relogin(staleToken: string): Promise<string>
}

const MUTATING = new Set(['POST', 'PUT', 'DELETE', 'UPLOAD'])

/**
 * @internal The plain instance `exchange` gets: same base and pass-through options, no auth. Its
 * platform calls still count against the limiter, ahead of every queued request, so a login is
 * never starved by the requests that are waiting for it.
 */
export function createPlainHttp(options: HttpOptions, limiter: Limiter): Request {
  const http = newInstance(options)
  // Registered first, so it runs last of the request interceptors: an app's own interceptor that
  // throws before it never takes a slot, and the response side gives back only a slot taken.
  http.interceptors.request.use((config) =>
    limiter.acquire({ priority: true }).then(() => ((config.custom!._slot = true), config)),
  )
  http.interceptors.response.use(
    (response) => (releaseSlot(limiter, response.config), response),
    (error: HttpError) => {
      releaseSlot(limiter, error?.config)
      return Promise.reject(error)
    },
  )
  return http
}

/**
 * A fresh instance with no interceptors: of the app's own luch-request copy and configuration when
 * it handed one over (one library in the bundle), else ours.
 */
function newInstance({ instance, http, baseURL }: HttpOptions): Request {
  if (!instance) return new Request({ ...http, baseURL })
  return new (instance.constructor as typeof Request)({ ...instance.config })
}

/**
 * Puts ours ahead of the interceptors an app registered before. luch-request runs request
 * interceptors last-registered first and response ones in order, so the app's request interceptors
 * run before ours (the token that leaves is ours) and its response ones after ours (they see the
 * replayed result, never the expiry). Theirs are registered again: an id from before ejects nothing.
 * Ours from an earlier `createRelogin()` on the same instance (a hot reload, say) are replaced.
 */
function useFirst(manager: Interceptors, fulfilled: Handler, rejected?: Handler) {
  // Both luch-request lines (3.0 in uview-plus, 3.1 on npm) keep the chain in `handlers`.
  const { handlers } = manager as unknown as { handlers: (Pair | null)[] }
  const theirs = handlers.filter((handler): handler is Pair => handler !== null && !ours.has(handler.fulfilled))
  handlers.forEach((_, id) => manager.eject(id))
  ours.add(fulfilled)
  manager.use(fulfilled, rejected)
  for (const handler of theirs) manager.use(handler.fulfilled, handler.rejected)
}

/** Every interceptor this package registered, so that a second `createRelogin()` can tell them apart. */
const ours = new WeakSet<Handler>()

type Pair = { fulfilled: Handler; rejected: Handler }
type Interceptors = { use(fulfilled?: Handler, rejected?: Handler): void; eject(id: number): void }
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- interceptors of either kind, by position
type Handler = (value: any) => any

/** Gives back the slot a request holds, once; false when it held none. */
function releaseSlot(limiter: Limiter, config: HttpRequestConfig | undefined): boolean {
  const custom = config?.custom as RequestCustom | undefined
  if (!custom?._slot) return false
  custom._slot = false
  limiter.release()
  return true
}

/**
 * @internal The authenticated instance. Its interceptors hold requests during a login, attach the
 * token for the API's origin only, and replay expired requests through the one shared login.
 */
export function createHttp(options: HttpOptions, auth: AuthPort, limiter: Limiter, app: AppState): Request {
  const http = options.instance ?? newInstance(options)
  // Replays and retries go through a chain of ours alone: the app's request interceptors already
  // ran on this config, and its response interceptors are to see only the final result.
  const replayer = options.instance ? newInstance(options) : http
  const isApi = createOriginCheck(options.baseURL)
  const { idempotencyHeader } = options
  const again = (config: Config, marks: Partial<RequestCustom>) =>
    replayer.middleware({ ...config, custom: { ...config.custom, _token: undefined, _slot: false, _unwatch: undefined, ...marks } })
  const recover = createRecovery(options, app, again)

  // Not async: every request passes here, and the common case (a usable token, a free slot)
  // hands its config on without a single promise.
  function beforeSend(config: Config): Config | Promise<Config> {
    const { custom } = config
    // Every status resolves and bodies are parsed, so the response interceptor alone decides
    // between expiry, success and ERR_HTTP, whatever the instance's own settings.
    config.validateStatus = null
    config.forcedJSONParsing = true
    try {
      throwIfAborted(custom.signal)
      if (idempotencyHeader && custom.idempotencyKey !== false && MUTATING.has(config.method!)) {
        // Set once on the first attempt; replays reuse this config, so the key never changes.
        custom.idempotencyKey ??= createIdempotencyKey()
        config.header = { ...config.header, [idempotencyHeader]: custom.idempotencyKey }
      }
      const needsToken = custom.auth !== false && isApi(config.baseURL, config.url ?? '')
      const token = needsToken ? auth.usableToken() : null
      if (!app.offline && (!needsToken || token !== null) && limiter.tryAcquire()) {
        custom._slot = true
        if (token !== null) attach(config, token)
        return ready(config)
      }
      return proceed(config, needsToken).then(
        () => ready(config),
        (error) => failed(error, config),
      )
    } catch (error) {
      return failed(error, config)
    }
  }

  function ready(config: Config): Config {
    // Only a request with something to follow needs its task: the common one allocates nothing here.
    if (config.custom.signal || config.custom.onProgress) config.getTask = (task: HttpTask) => watch(task, config)
    return config
  }

  function failed(error: unknown, config: Config): never {
    release(config)
    throw named(error, config)
  }

  function attach(config: Config, token: string) {
    config.custom._token = token
    options.applyToken(config, token)
  }

  function proceed(config: Config, needsToken: boolean): Promise<void> {
    const next = () => (needsToken ? authorize(config) : take(config))
    return app.offline ? untilOnline(config).then(next) : next()
  }

  function untilOnline(config: Config): Promise<void> {
    if (options.offline === 'fail') return Promise.reject(new ReloginError('ERR_OFFLINE', 'No network'))
    const request = labelOf(config)
    options.onEvent({ type: 'request:paused', request, reason: 'offline' })
    return app
      .online(config.custom.signal, config.timeout ?? DEFAULT_TIMEOUT)
      .then(() => options.onEvent({ type: 'request:resumed', request, reason: 'offline' }))
  }

  function take(config: Config): Promise<void> {
    const { custom } = config
    const taken = () => {
      custom._slot = true
    }
    if (!limiter.tryAcquire()) return limiter.acquire({ signal: custom.signal }).then(taken)
    taken()
    return Promise.resolve()
  }

  function authorize(config: Config): Promise<void> {
    const token = auth.usableToken()
    if (token !== null) return take(config).then(() => check(config, token))
    options.onEvent({ type: 'request:held', request: labelOf(config) })
    return untilAborted(auth.getToken(), config.custom.signal).then((next) => take(config).then(() => check(config, next)))
  }

  // The token is checked again once a slot is free: a login may have begun while this request
  // queued, and a request must never leave with a token the store already knows is stale. The
  // check fails only after a state change, and the next round then awaits the login it started.
  function check(config: Config, token: string): void | Promise<void> {
    if (auth.usableToken() === token) return attach(config, token)
    release(config)
    return authorize(config)
  }

  function watch(task: HttpTask, config: Config) {
    const { signal, onProgress } = config.custom
    if (onProgress && 'onProgressUpdate' in task) task.onProgressUpdate(onProgress)
    if (!signal) return
    if (signal.aborted) return task.abort()
    const abort = () => task.abort()
    signal.addEventListener('abort', abort, { once: true })
    config.custom._unwatch = () => signal.removeEventListener('abort', abort)
  }

  /** Gives back this attempt's slot, once, and stops watching its signal. */
  function release(config: Config | undefined) {
    if (!releaseSlot(limiter, config)) return
    const { custom } = config!
    custom._unwatch?.()
    custom._unwatch = undefined
  }

  // Not async: most responses pass straight through, and a throw still rejects the chain.
  function afterResponse(response: HttpResponse): HttpResponse | Promise<HttpResponse> {
    const config = response.config as Config
    release(config)
    const { statusCode } = response
    const result: ReloginResponse = { statusCode, data: response.data, header: response.header ?? {} }
    let expired: boolean
    try {
      expired = config.custom._token !== undefined && options.isExpired(result)
    } catch (error) {
      throw named(error, config)
    }
    if (expired) return replay(config, result)
    if (statusCode >= 200 && statusCode < 300) return response
    return recover(config, new ReloginError('ERR_HTTP', `HTTP ${statusCode}`, { request: config, response: result }))
  }

  function replay(config: Config, response: ReloginResponse): Promise<HttpResponse> {
    const { custom } = config
    const stale = custom._token!
    // A token older than the current one bounced: another request already paid for the login
    // that replaced it, so this replay is free. Only a login this request waits on counts.
    const relogin = auth.token === null || auth.token === stale
    const relogins = custom._relogins ?? 0
    if (relogin && relogins >= options.maxRelogins) {
      // The session stays: one endpoint refusing a token just obtained says nothing about the
      // others (a 401 for lack of permission, say). See docs/design.md, "The loop guard".
      throw new ReloginError('ERR_RELOGIN_LOOP', `Token still expired after ${relogins} re-login(s)`, {
        request: config,
        response,
      })
    }
    options.onEvent({ type: 'request:replay', request: labelOf(config), relogin })
    return untilAborted(auth.relogin(stale), custom.signal).then(
      () => again(config, { _relogins: relogins + (relogin ? 1 : 0) }),
      (error) => Promise.reject(named(error, config)),
    )
  }

  function onFailure(error: HttpError | ReloginError): Promise<HttpResponse> {
    // Our own rejections from beforeSend arrive here too (luch skips the platform call for them).
    if (isReloginError(error)) throw error
    const config = error?.config as Config | undefined
    release(config)
    const errMsg = error?.errMsg ?? String(error)
    // The platform's result minus its `config`, which carries the token.
    const detail = { request: config, cause: { errMsg } }
    if (config?.custom.signal?.aborted) throw new ReloginError('ERR_CANCELED', 'Request aborted', detail)
    const failure = /time(d)? ?out/i.test(errMsg)
      ? new ReloginError('ERR_TIMEOUT', 'Request timed out', detail)
      : new ReloginError('ERR_NETWORK', `Network error (${errMsg})`, detail)
    // WeChat fails what is still open a few seconds after the app is hidden with 'interrupted'.
    return config ? recover(config, failure, /interrupted/i.test(errMsg)) : Promise.reject(failure)
  }

  for (const instance of new Set([http, replayer])) {
    useFirst(instance.interceptors.request, beforeSend)
    useFirst(instance.interceptors.response, afterResponse, onFailure)
  }
  return http
}

function canceled(): ReloginError {
  return new ReloginError('ERR_CANCELED', 'Request aborted')
}

function throwIfAborted(signal: AbortSignalLike | undefined) {
  if (signal?.aborted) throw canceled()
}


/** A shared error (one failed login, many waiters) becomes each request's own, naming it. */
function named(error: unknown, request: Config): unknown {
  if (!isReloginError(error) || error.request) return error
  const { code, message, response, cause, detail } = error
  return new ReloginError(code, message, { request, response, cause: cause ?? error, detail })
}
