import type Request from 'luch-request'
import type { HttpResponse } from 'luch-request'
import type { Config } from './createHttp'
import type { Limiter } from './createLimiter'
import type { LoginRun } from './createLoginLock'
import type { ReloginError, ReloginEvent, ReloginEventBody } from './errors'
import type { LoginResult, ResolvedOptions } from './options'
import type { Session } from './Session'

/**
 * A feature an app imports and hands over: `createRelogin({ features: [retry(2), background()] })`.
 * The core calls each hook at one step of a request or a login, and imports no feature, so one an
 * app does not import is not in its bundle. A feature reads the request's record and the session,
 * never another feature's state. Hooks are plain functions, called without `this`. See
 * docs/design.md, "Features".
 */
export interface Feature {
  /** Once, as `createRelogin()` wires the client, before anything is sent. */
  setup?: (context: FeatureContext) => void
  /** Before an attempt is prepared (a token, a slot); may wait, e.g. for the network. */
  beforeSend?: (config: Config) => void | Promise<void>
  /** After an attempt failed: the response of a resend it starts, or undefined to let it fail. */
  recover?: (config: Config, error: ReloginError, interrupted: boolean) => Promise<HttpResponse> | undefined
  /** Wraps a login's first step: `next()` is the step it would have taken (getCode + exchange). */
  login?: (run: LoginRun, next: () => Promise<LoginResult>) => Promise<LoginResult>
  /** When a token valid until `expiresAt`, for `lifetime` ms, is due for renewal (epoch ms). */
  dueAt?: (expiresAt: number, lifetime: number) => number
  /** Keep the refresh token that login results carry (and persist it). */
  refreshes?: boolean
  /** The app's own luch-request instance, to adopt instead of a new one. */
  instance?: Adoption
  /** Hears every event after the app's `onEvent`, stamped; an error it throws is reported and changes nothing. */
  onEvent?: (event: ReloginEvent) => void
}

/** What a feature is handed at setup. */
export interface FeatureContext {
  readonly options: ResolvedOptions
  readonly session: Session
  /** The plain instance `exchange` gets: no token, no waiting for a login. */
  readonly plain: Request
  /** The platform calls in flight and waiting (`maxConcurrent`): read it, never call it. */
  readonly limiter: Limiter
  /** Sends a request again, as the same record, through our interceptors alone. */
  again(config: Config): Promise<HttpResponse>
  readonly storageKey: string
  /** Never throws: the app's listener is isolated. */
  onEvent(event: ReloginEventBody): void
}

/** How an adopted instance is wired: `instance(http)` provides it. */
export interface Adoption {
  readonly http: Request
  /** A fresh instance of the app's class and configuration, with no interceptors. */
  create(): Request
  /** Registers ours ahead of the app's interceptors. */
  use(http: Request, request: (config: Config) => unknown, response: (value: HttpResponse) => unknown, failure: (error: unknown) => unknown): void
}
