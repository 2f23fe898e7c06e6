import type Request from 'luch-request'
import type { HttpRequestConfig, HttpResponse } from 'luch-request'
import type { AbortSignalLike } from './createAbortController'
import type { Progress, RequestCustom } from './createHttp'
import type { RetryOptions } from './options'

/**
 * Per-call options: luch-request's, plus the few of uni-relogin. `validateStatus` and
 * `forcedJSONParsing` are not among them: expiry detection needs every status and the parsed body.
 */
export interface RequestOptions
  extends Omit<
    HttpRequestConfig,
    'url' | 'method' | 'data' | 'getTask' | 'custom' | 'filePath' | 'name' | 'formData' | 'validateStatus' | 'forcedJSONParsing'
  > {
  custom?: Record<string, unknown>
  /**
   * `false` sends no token and does not wait for a login.
   * @default true
   */
  auth?: boolean
  /** Aborts the call, whether it is waiting for a login, queued, in flight or being replayed. */
  signal?: AbortSignalLike
  /**
   * The `Idempotency-Key` for a mutating call: pass one to make your own retries safe, or `false` for none.
   * @default a fresh key per logical request, kept across its replays
   */
  idempotencyKey?: string | false
  /**
   * Keep this call going when the page (effect scope) whose `useApi()` made it goes away.
   * @default false
   */
  keepAlive?: boolean
  /**
   * This call's `retry` rule, instead of the client's `retry()` feature; `false` for no resend of
   * any kind (the `backgroundResume()` one included).
   * @default the client's
   */
  retry?: number | RetryOptions | false
}

/** `api.request(config)`: one call, its method given (GET by default). */
export interface RequestConfig extends RequestOptions {
  url: string
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'OPTIONS'
  data?: unknown
}

/** `api.upload(url, options)`: a file sent as multipart, replayed intact after an expiry. */
export interface UploadOptions extends RequestOptions {
  filePath: string
  /** The multipart field name of the file. */
  name: string
  formData?: Record<string, unknown>
  onProgress?: (progress: Progress) => void
}

/** `api.download(url, options)`: a file written where the platform puts downloads, or to `filePath`. */
export interface DownloadOptions extends RequestOptions {
  filePath?: string
  onProgress?: (progress: Progress) => void
}

/** What `api.download()` resolves with: the file's path and the status of its answer. */
export interface DownloadResult {
  tempFilePath: string
  statusCode: number
}

/**
 * What `useApi()` returns. Each call resolves with the response body on 2xx and rejects with a
 * `ReloginError` otherwise; token expiry is handled before the caller ever sees it. Over an app's
 * own `instance`, a call resolves with what that instance's response interceptors return.
 */
export interface Api {
  request<T = unknown>(config: RequestConfig): Promise<T>
  get<T = unknown>(url: string, options?: RequestOptions): Promise<T>
  post<T = unknown>(url: string, data?: unknown, options?: RequestOptions): Promise<T>
  put<T = unknown>(url: string, data?: unknown, options?: RequestOptions): Promise<T>
  delete<T = unknown>(url: string, data?: unknown, options?: RequestOptions): Promise<T>
  /** Resolves with the body, parsed from JSON when it is JSON (the platform hands uploads back as a string). */
  upload<T = unknown>(url: string, options: UploadOptions): Promise<T>
  download(url: string, options?: DownloadOptions): Promise<DownloadResult>
}

type AnyConfig = Omit<RequestConfig, 'method'> &
  Partial<UploadOptions> & { method: string; onProgress?: (progress: Progress) => void }

/**
 * @internal The `Api` over an authenticated luch-request instance. With `page`, the signal of the
 * page (effect scope) that made it, every call not kept alive is aborted along with the page.
 * `raw`: the app's own instance, whose response interceptors shape what a call resolves with.
 */
export function createApi(http: Request, { page, raw = false }: { page?: AbortSignalLike; raw?: boolean } = {}): Api {
  function send(config: AnyConfig): Promise<HttpResponse> {
    // validateStatus and forcedJSONParsing are dropped: untyped JS may still pass them.
    const { auth, signal, onProgress, idempotencyKey, retry, keepAlive, custom, validateStatus, forcedJSONParsing, ...request } =
      config as AnyConfig & { validateStatus?: unknown; forcedJSONParsing?: unknown }
    // Only what the call set, so unset options do not mask the instance's own `custom` defaults.
    // Assigned one by one: every call passes here, and this allocates nothing more.
    const own: RequestCustom = { ...custom }
    if (auth !== undefined) own.auth = auth
    if (signal) own.signal = signal
    // The record follows the page as it follows the call's own signal: see RequestRecord.
    if (page && !keepAlive) own.page = page
    if (onProgress) own.onProgress = onProgress
    if (idempotencyKey !== undefined) own.idempotencyKey = idempotencyKey
    if (retry !== undefined) own.retry = retry
    ;(request as HttpRequestConfig).custom = own
    return http.middleware(request as HttpRequestConfig)
  }
  const body = <T>(config: AnyConfig) =>
    (raw ? send(config) : send(config).then((response) => response.data)) as Promise<T>

  return {
    request: (config) => body({ ...config, method: config.method ?? 'GET' }),
    get: (url, options) => body({ ...options, url, method: 'GET' }),
    post: (url, data, options) => body({ ...options, url, data, method: 'POST' }),
    put: (url, data, options) => body({ ...options, url, data, method: 'PUT' }),
    delete: (url, data, options) => body({ ...options, url, data, method: 'DELETE' }),
    upload: (url, options) => body({ ...options, url, method: 'UPLOAD' }),
    download: (url, options) => {
      const sent = send({ ...options, url, method: 'DOWNLOAD' })
      if (raw) return sent as Promise<never>
      return sent.then((response) => ({
        tempFilePath: (response as HttpResponse & { tempFilePath: string }).tempFilePath,
        statusCode: response.statusCode,
      }))
    },
  }
}
