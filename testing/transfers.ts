import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { URL } from 'node:url'
import { createReply, describeError } from './callbacks'
import type { Callbacks, ErrorResult, Reply } from './callbacks'
import { startExchange } from './httpExchange'
import type { Exchange, ExchangeResult } from './httpExchange'
import { buildMultipart, guessMime } from './multipart'
import { decodeResponse, encodeRequest, normalizeHeader } from './requestPayload'
import type {
  DownloadFileOptions,
  DownloadFileSuccess,
  DownloadProgress,
  DownloadTask,
  HeadersReceived,
  Listener,
  NodeUniFaults,
  RequestOptions,
  RequestSuccess,
  RequestTask,
  TransferApi,
  UploadFileOptions,
  UploadFileSuccess,
  UploadProgress,
  UploadTask,
} from './types'

/** The runtime's observable state; read and written through the object so tests may replace `faults`. */
export interface TransferState {
  calls: Record<TransferApi, number>
  faults: NodeUniFaults
  inFlight: number
  maxInFlight: number
  /** Calls waiting for one of the `maxConcurrent` places. */
  queued: number
  maxQueued: number
  /** Hidden past WeChat's grace: every call fails with 'interrupted' until the app is shown. */
  suspended: boolean
  /** Without a network, every call fails at once. */
  online: boolean
}

const DEFAULT_TIMEOUT = 60_000

interface Listeners<T> {
  on(listener: Listener<T>): void
  off(listener?: Listener<T>): void
  emit(res: T): void
}

function listeners<T>(): Listeners<T> {
  const set = new Set<Listener<T>>()
  return {
    on: (listener: Listener<T>) => void set.add(listener),
    // WeChat: off without an argument removes every listener.
    off: (listener?: Listener<T>) => void (listener ? set.delete(listener) : set.clear()),
    emit: (res: T) => set.forEach((listener) => listener(res)),
  }
}

const cookiesOf = (header: HeadersReceived['header']) => [header['set-cookie'] ?? []].flat()

/** A fresh temp name that keeps the URL's extension, as WeChat's http://tmp/… paths do. */
function tempName(url: string): string {
  const extension = extname(new URL(url).pathname)
  return `${Date.now()}-${randomBytes(6).toString('hex')}${/^\.[a-z0-9]{1,8}$/i.test(extension) ? extension : ''}`
}

/**
 * wx.request, wx.uploadFile and wx.downloadFile over real HTTP, sharing counters, faults and the
 * in-flight tally. As on WeChat (base library 1.4.0 and later), at most `maxConcurrent` of them run
 * at once, all three together, and the rest wait in FIFO order until a place frees.
 */
export function createTransfers(state: TransferState, tempDir: string, maxConcurrent: number) {
  const waiting: Array<() => void> = []
  // Every call not yet settled, queued or sent, by how to end it: what an interruption fails.
  const open = new Set<(reason: string) => void>()

  /** Counts the call, applies `interruptNext`, waits for a place, tracks in-flight tasks and returns the task's abort(). */
  function launch<T extends ErrorResult>(api: TransferApi, callbacks: Callbacks<T>, start: (reply: Reply<T>) => () => void) {
    state.calls[api]++
    const interrupts = state.faults.interruptNext ?? 0
    const refusal = interrupts > 0 || state.suspended ? 'interrupted' : state.online ? null : 'net::ERR_INTERNET_DISCONNECTED'
    if (refusal) {
      if (interrupts > 0) state.faults.interruptNext = interrupts - 1
      createReply(api, callbacks).fail(refusal)
      return () => {}
    }
    let sent = false
    // The place frees at settle time, before any callback, so a callback that starts a call finds it free.
    const reply = createReply(api, callbacks, () => {
      open.delete(end)
      if (!sent) return
      state.inFlight--
      waiting.shift()?.()
    })
    let stop = () => {}
    const send = () => {
      sent = true
      state.queued = waiting.length
      state.inFlight++
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
      try {
        stop = start(reply)
      } catch (error) {
        reply.fail(describeError(error))
      }
    }
    if (state.inFlight < maxConcurrent) send()
    else {
      waiting.push(send)
      state.queued = waiting.length
      state.maxQueued = Math.max(state.maxQueued, state.queued)
    }
    const end = (reason: string) => {
      if (reply.settled) return
      if (!sent) {
        waiting.splice(waiting.indexOf(send), 1)
        state.queued = waiting.length
      }
      reply.fail(reason)
      stop()
    }
    open.add(end)
    return () => end('abort')
  }

  /** Fails every open call with 'interrupted', as WeChat does a few seconds after the app is hidden. */
  function interruptAll() {
    for (const end of [...open]) end('interrupted')
  }

  // A throw inside onResult also lands in fail(), which is a no-op once the reply has settled.
  const settleWith = <T extends ErrorResult>(exchange: Exchange, reply: Reply<T>, onResult: (res: ExchangeResult) => unknown) =>
    exchange.result.then(onResult).catch((error: Error) => reply.fail(error.message))

  function request(options: RequestOptions): RequestTask {
    const { method = 'GET', data, header, timeout = DEFAULT_TIMEOUT, dataType = 'json', responseType = 'text' } = options
    const headers = listeners<HeadersReceived>()
    const abort = launch<RequestSuccess>('request', options, (reply) => {
      const verb = method.toUpperCase()
      const encoded = encodeRequest(options.url, verb, data, header)
      const exchange = startExchange({
        ...encoded,
        method: verb,
        timeout,
        onHeaders: (statusCode, header) => headers.emit({ header, statusCode, cookies: cookiesOf(header) }),
      })
      settleWith(exchange, reply, ({ statusCode, header, body }) =>
        reply.ok({ data: decodeResponse(body, dataType, responseType), statusCode, header, cookies: cookiesOf(header) }),
      )
      return exchange.abort
    })
    return { abort, onHeadersReceived: headers.on, offHeadersReceived: headers.off }
  }

  function uploadFile(options: UploadFileOptions): UploadTask {
    const { url, filePath, name = 'file', formData = {}, header, timeout = DEFAULT_TIMEOUT } = options
    const headers = listeners<HeadersReceived>()
    const progress = listeners<UploadProgress>()
    const abort = launch<UploadFileSuccess>('uploadFile', options, (reply) => {
      let exchange: Exchange | undefined
      readFile(filePath).then(
        (bytes) => {
          if (reply.settled) return
          const multipart = buildMultipart(formData, { name, filename: basename(filePath), contentType: guessMime(filePath), bytes })
          exchange = startExchange({
            url,
            method: 'POST',
            // WeChat owns the content-type of an upload; a caller's value would lose the boundary.
            header: { ...normalizeHeader(header), 'content-type': multipart.contentType },
            body: multipart.body,
            timeout,
            onHeaders: (statusCode, header) => headers.emit({ header, statusCode, cookies: cookiesOf(header) }),
            onSent: (sent, total) =>
              progress.emit({ progress: Math.floor((sent * 100) / total), totalBytesSent: sent, totalBytesExpectedToSend: total }),
          })
          settleWith(exchange, reply, ({ statusCode, header, body }) => reply.ok({ data: body.toString('utf8'), statusCode, header }))
        },
        (error: NodeJS.ErrnoException) => reply.fail(error.code === 'ENOENT' ? 'file not found' : describeError(error)),
      )
      return () => exchange?.abort()
    })
    return { abort, ...taskListeners(headers, progress) }
  }

  function downloadFile(options: DownloadFileOptions): DownloadTask {
    const { url, header, timeout = DEFAULT_TIMEOUT, filePath } = options
    const headers = listeners<HeadersReceived>()
    const progress = listeners<DownloadProgress>()
    let lastProgress = -1
    const report = (written: number, expected: number) => {
      lastProgress = expected ? Math.min(100, Math.floor((written * 100) / expected)) : 0
      progress.emit({ progress: lastProgress, totalBytesWritten: written, totalBytesExpectedToWrite: expected })
    }
    const abort = launch<DownloadFileSuccess>('downloadFile', options, (reply) => {
      const exchange = startExchange({
        url,
        method: 'GET',
        header: normalizeHeader(header),
        timeout,
        onHeaders: (statusCode, header) => headers.emit({ header, statusCode, cookies: cookiesOf(header) }),
        onReceived: report,
      })
      // The body is held in memory and written in one go, so a failed transfer never leaves a partial file.
      settleWith(exchange, reply, async ({ statusCode, header, body }) => {
        const target = filePath ?? join(tempDir, tempName(url))
        try {
          if (!filePath) await mkdir(tempDir, { recursive: true })
          await writeFile(target, body)
        } catch (error) {
          await rm(target, { force: true })
          return reply.fail(describeError(error))
        }
        // Aborted while the file was being written.
        if (reply.settled) return rm(target, { force: true })
        if (lastProgress !== 100) report(body.length, body.length)
        reply.ok({ ...(filePath ? { filePath } : { tempFilePath: target }), statusCode, header })
      })
      return exchange.abort
    })
    return { abort, ...taskListeners(headers, progress) }
  }

  return { request, uploadFile, downloadFile, interruptAll }
}

function taskListeners<P>(headers: Listeners<HeadersReceived>, progress: Listeners<P>) {
  return {
    onHeadersReceived: headers.on,
    offHeadersReceived: headers.off,
    onProgressUpdate: progress.on,
    offProgressUpdate: progress.off,
  }
}
