import type Request from 'luch-request'
import type { HttpRequestConfig, HttpResponse, HttpTask } from 'luch-request'
import type { AbortSignalLike } from './createAbortController'
import type { Limiter } from './createLimiter'
import type { ReloginEventBody } from './errors'
import { handleFailure, handleResponse } from './handleResponse'
import type { Feature } from './Feature'
import type { ResolvedOptions, RetryOptions } from './options'
import { createOriginCheck } from './origin'
import { prepareRequest } from './prepareRequest'
import { RequestRecord } from './RequestRecord'

/** Upload/download progress, as the platform reports it. */
export interface Progress {
  progress: number
  totalBytesSent?: number
  totalBytesExpectedToSend?: number
  totalBytesWritten?: number
  totalBytesExpectedToWrite?: number
}

/**
 * A call's own options, kept in luch-request's `custom` because that survives its merge and every
 * replay. The request's state is not here: it lives in its `record`.
 */
export interface RequestCustom extends Record<string, unknown> {
  /** `false`: no token, and no waiting for a login (for public routes and the login UI's own calls). */
  auth?: boolean
  signal?: AbortSignalLike
  /** @internal The signal of the page (effect scope) whose `useApi()` made the call. */
  page?: AbortSignalLike
  onProgress?: (progress: Progress) => void
  /** A key to reuse (e.g. across a user's retries), or `false` for none. */
  idempotencyKey?: string | false
  /** This request's own `retry` rule, as the call gave it (the `retry()` feature reads it). */
  retry?: number | RetryOptions | false
  /** @internal The request's lifecycle; set for every call on an instance of ours. */
  record?: RequestRecord
}

/** @internal A request as the interceptors see it. */
export type Config = HttpRequestConfig<HttpTask> & { custom: RequestCustom & { record: RequestRecord }; forcedJSONParsing?: boolean }

type Send = (config: HttpRequestConfig<HttpTask>) => Promise<HttpResponse>

/** The options the HTTP side reads; the login callbacks belong to the session. */
type HttpOptions = Omit<ResolvedOptions, 'exchange' | 'getCode'>

/**
 * @internal The part of the session the interceptors use. It asks one question, "a usable token
 * now, or a promise of the next one", and keeps no notion of its own of whether a login runs.
 */
export interface AuthPort {
  readonly token: string | null
  /** Bumped by each logout (ours, or one adopted from another tab). */
  readonly epoch: number
  usableToken(): string | null
  getToken(): Promise<string>
  relogin(staleToken: string): Promise<string>
  /** Calls `listener` after each logout. */
  onEpochEnd(listener: () => void): void
}

/** @internal What a request's record needs from the instance it is made on: the limiter, the session's epoch, and the set of waiting records. */
export interface RecordOwner {
  readonly limiter: Limiter
  readonly auth: { readonly epoch: number }
  /** The records waiting now, so that the end of an epoch reaches them. */
  readonly live: Set<RequestRecord>
  onEvent(event: ReloginEventBody): void
}

/** @internal What the interceptors of one authenticated instance share. */
export interface Client extends RecordOwner {
  readonly options: HttpOptions
  readonly auth: AuthPort
  /** The features' hooks, in the order the app listed them. */
  readonly beforeSend: NonNullable<Feature['beforeSend']>[]
  readonly recover: NonNullable<Feature['recover']>[]
  isApi(baseURL: string | undefined, url: string): boolean
  /** Sends the request again, as the same record, through our interceptors alone. */
  again(config: Config): Promise<HttpResponse>
}

/**
 * Makes every call on `instance` (ours, or the app's: luch-request's helpers all go through
 * `middleware`) one record, settled when its chain ends. Returns the unwrapped `middleware`, which
 * replays use, so that a replay stays the same record. A second call replaces the first wrapper.
 */
function own(instance: Request, owner: RecordOwner): Send {
  const { middleware } = Object.getPrototypeOf(instance) as Request
  const send: Send = (config) => middleware.call(instance, config as HttpRequestConfig<unknown>) as Promise<HttpResponse>
  instance.middleware = ((config: HttpRequestConfig) => {
    const record = new RequestRecord(owner, config)
    return record.run(() => send({ ...config, custom: { ...config.custom, record } }))
  }) as Request['middleware']
  return send
}

/**
 * @internal The plain instance `exchange` gets (`http`, fresh): no auth. Its platform calls still
 * count against the limiter, ahead of every queued request, so a login is never starved by the
 * requests that are waiting for it.
 */
export function createPlainHttp(http: Request, owner: RecordOwner): Request {
  own(http, owner)
  http.interceptors.request.use((config) => {
    const { record } = (config as Config).custom
    // 'sending', as on the authenticated instance: a request luch-request then cannot build is named.
    const sending = () => (record.move('sending'), config)
    return record.take() ? sending() : record.queue(true).then(sending)
  })
  const answered = (config: HttpRequestConfig | undefined) => (config as Config | undefined)?.custom.record.answered()
  http.interceptors.response.use(
    (response) => (answered(response.config), response),
    (error) => (answered(error?.config), Promise.reject(error)),
  )
  return http
}

/**
 * @internal The authenticated instance: `fresh()` made anew, or the app's own that a feature
 * adopted. Its interceptors hold requests during a login, attach the token for the API's origin
 * only, and replay expired requests through the one shared login.
 */
export function createHttp(
  options: HttpOptions,
  auth: AuthPort,
  limiter: Limiter,
  features: Feature[],
  fresh: () => Request,
): { http: Request; client: Client } {
  const adoption = features.find((feature) => feature.instance)?.instance
  const http = adoption?.http ?? fresh()
  // Replays and retries go through a chain of ours alone: an adopted instance's request
  // interceptors already ran on this config, and its response interceptors are to see only the
  // final result.
  const replayer = adoption ? fresh() : http
  const live = new Set<RequestRecord>()
  const isApi = createOriginCheck(options.baseURL)
  const beforeSend = features.flatMap((feature) => feature.beforeSend ?? [])
  const recover = features.flatMap((feature) => feature.recover ?? [])
  const again = (config: Config) => resend(config)
  const client: Client = { options, auth, limiter, live, isApi, again, beforeSend, recover, onEvent: options.onEvent }
  const send = own(http, client)
  const resend: Send = replayer === http ? send : (config) => replayer.middleware(config as HttpRequestConfig<unknown>)
  auth.onEpochEnd(() => live.forEach((record) => record.interrupt()))

  const request = (config: HttpRequestConfig) => prepareRequest(client, config as Config)
  const response = (value: HttpResponse) => handleResponse(client, value)
  const failure = (error: unknown) => handleFailure(client, error)
  const wire = (instance: Request) => {
    instance.interceptors.request.use(request)
    instance.interceptors.response.use(response, failure)
  }
  // An adopted instance keeps its own interceptors, around ours; the replayer has ours alone.
  if (adoption) adoption.use(http, request, response, failure)
  else wire(http)
  if (replayer !== http) wire(replayer)
  return { http, client }
}
