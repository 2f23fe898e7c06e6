import type { Callbacks, ErrorResult } from './callbacks'

export type { Callbacks, ErrorResult }
export type Header = Record<string, string | string[] | undefined>
export type Listener<T> = (res: T) => void

export interface NodeUniOptions {
  /** URL that `login()` GETs for a one-time code; the server answers JSON `{ code: string }`. */
  codeURL?: string
  /** Directory for downloaded temp files, created on the first download. @default a fresh dir under os.tmpdir() */
  tempDir?: string
  /** Absolute paths that `chooseImage` returns. @default [] */
  images?: string[]
  /** `uniPlatform` reported by getSystemInfoSync/getAppBaseInfo. @default 'mp-weixin' */
  platform?: string
  /**
   * How many `request`/`uploadFile`/`downloadFile` calls run at once, all three together; later
   * ones wait in FIFO order, as on WeChat. @default 10
   */
  maxConcurrent?: number
  /**
   * After `hide()`, how long open calls may still run before WeChat fails them with 'interrupted'
   * (and fails new ones until `show()`); `interrupt()` ends it at once. @default 5000
   */
  hideGrace?: number
}

/** Fault switches; the runtime reads them at call time, so tests may flip them at any point. */
export interface NodeUniFaults {
  /** Sync storage reads throw, async ones fail. */
  storageRead?: boolean
  /** Sync storage writes throw, async ones fail. */
  storageWrite?: boolean
  /** The next N request/uploadFile/downloadFile calls fail with '<api>:fail interrupted' without sending. */
  interruptNext?: number
  /** login() never calls back. */
  loginHang?: boolean
  /** login() fails, as it does when WeChat's own login service is unavailable. */
  loginFail?: boolean
}

export type TransferApi = 'request' | 'uploadFile' | 'downloadFile'

export interface HeadersReceived {
  header: Header
  statusCode: number
  cookies: string[]
}

export interface RequestSuccess {
  data: unknown
  statusCode: number
  header: Header
  cookies: string[]
  errMsg: string
}

export interface RequestOptions extends Callbacks<RequestSuccess> {
  url: string
  /** @default 'GET' */
  method?: string
  data?: unknown
  header?: Record<string, unknown>
  /** @default 60000 */
  timeout?: number
  /** @default 'json' */
  dataType?: string
  /** @default 'text' */
  responseType?: 'text' | 'arraybuffer'
}

export interface RequestTask {
  abort(): void
  onHeadersReceived(listener: Listener<HeadersReceived>): void
  offHeadersReceived(listener?: Listener<HeadersReceived>): void
}

export interface UploadProgress {
  progress: number
  totalBytesSent: number
  totalBytesExpectedToSend: number
}

export interface UploadFileSuccess {
  /** Always the raw string body: WeChat never parses upload responses. */
  data: string
  statusCode: number
  header: Header
  errMsg: string
}

export interface UploadFileOptions extends Callbacks<UploadFileSuccess> {
  url: string
  filePath: string
  /** @default 'file' */
  name?: string
  formData?: Record<string, unknown>
  header?: Record<string, unknown>
  /** @default 60000 */
  timeout?: number
}

/** An upload's or a download's task: a request's, plus its progress events. */
export interface TransferTask<Progress> extends RequestTask {
  onProgressUpdate(listener: Listener<Progress>): void
  offProgressUpdate(listener?: Listener<Progress>): void
}

export type UploadTask = TransferTask<UploadProgress>

export interface DownloadProgress {
  progress: number
  totalBytesWritten: number
  totalBytesExpectedToWrite: number
}

export interface DownloadFileSuccess {
  /** Set when no `filePath` was given. */
  tempFilePath?: string
  /** Set, equal to the option, when `filePath` was given. */
  filePath?: string
  statusCode: number
  header: Header
  errMsg: string
}

export interface DownloadFileOptions extends Callbacks<DownloadFileSuccess> {
  url: string
  header?: Record<string, unknown>
  /** @default 60000 */
  timeout?: number
  filePath?: string
}

export type DownloadTask = TransferTask<DownloadProgress>

export interface LoginSuccess {
  code: string
  errMsg: string
}

export interface ChooseImageSuccess {
  tempFilePaths: string[]
  tempFiles: Array<{ path: string; size: number }>
  errMsg: string
}

export interface StorageInfo {
  keys: string[]
  /** KB, as WeChat reports it. */
  currentSize: number
  limitSize: number
}

export interface UiCall {
  api: string
  /** The options minus callbacks. */
  options: Record<string, unknown>
}
