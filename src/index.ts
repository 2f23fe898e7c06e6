/*
 * The public entry. The core in src/ is framework-free; this file alone also re-exports the
 * Vue layer (stores/, composables/), so an app imports everything from 'uni-relogin'.
 */
export { createRelogin } from '../composables/createRelogin'
export type { Relogin } from '../composables/createRelogin'
export { useApi } from '../composables/useApi'
export { useAuth } from '../composables/useAuth'
export type { UseAuthReturn } from '../composables/useAuth'
export { useLoginPrompt } from '../composables/useLoginPrompt'
export type { UseLoginPromptReturn } from '../composables/useLoginPrompt'
export { useAuthStore } from '../stores/useAuthStore'
export type { AuthStore } from '../stores/useAuthStore'

export { ReloginError, LoginRequiredError, isReloginError } from './errors'
export type { ReloginErrorCode, ReloginEvent, ReloginResponse, RequestLabel } from './errors'
export { createAbortController } from './createAbortController'
export type { AbortControllerLike, AbortSignalLike } from './createAbortController'
export { createIdempotencyKey } from './createIdempotencyKey'
export { jwtExpiresIn } from './jwtLifetime'
export type { Api, RequestConfig, RequestOptions, UploadOptions, DownloadOptions, DownloadResult } from './createApi'
export type { Progress } from './createHttp'
export type { ReloginOptions, LoginResult, RefreshInput, RetryOptions } from './options'

// Features: each an import of its own, so what an app does not import is not in its bundle.
export type { Feature } from './Feature'
export { retry } from './features/retry'
export { backgroundResume } from './features/backgroundResume'
export { offlineWait } from './features/offlineWait'
export { shareTabs } from './features/shareTabs'
export { refreshTokens } from './features/refreshTokens'
export { renewBeforeExpiry } from './features/renewBeforeExpiry'
export type { RenewOptions } from './features/renewBeforeExpiry'
export { adoptInstance } from './features/adoptInstance'
export type { LuchRequestLike } from './features/adoptInstance'
export type { AuthStatus } from './sessionState'
export { traceRecorder } from './features/traceRecorder'
export type { TraceRecorder, TraceRecorderOptions, Trace, TraceSpan } from './features/traceRecorder'
export type { RedactedEvent } from './features/redactEvent'
