import http from 'node:http'
import https from 'node:https'
import type { IncomingHttpHeaders } from 'node:http'
import { Buffer } from 'node:buffer'
import { URL } from 'node:url'
import { clearTimeout, setTimeout } from 'node:timers'
import { describeError } from './callbacks'

/** Upload bodies go out in slices so progress is reported while sending, not only at the end. */
const SEND_CHUNK = 64 * 1024

export interface ExchangeOptions {
  url: string
  method: string
  /** Lower-case names. */
  header: Record<string, string>
  body?: Buffer
  /** Whole-exchange budget in ms, like WeChat's `timeout`. */
  timeout: number
  onHeaders?: (statusCode: number, header: IncomingHttpHeaders) => void
  /** When set, the body is sent in slices and this reports each one. */
  onSent?: (sent: number, total: number) => void
  /** `total` is 0 when the server sent no content-length. */
  onReceived?: (received: number, total: number) => void
}

export interface ExchangeResult {
  statusCode: number
  header: IncomingHttpHeaders
  body: Buffer
}

export interface Exchange {
  /** Rejects with an Error whose message is the errMsg reason: 'timeout', 'abort', 'connect ECONNREFUSED', … */
  result: Promise<ExchangeResult>
  abort(): void
}

/** One real HTTP exchange over node:http(s). Resolves only with a complete body. */
export function startExchange(options: ExchangeOptions): Exchange {
  const { url, method, header, body, timeout, onHeaders, onSent, onReceived } = options
  let stop = (_reason: string) => {}
  const result = new Promise<ExchangeResult>((resolve, reject) => {
    const target = new URL(url)
    const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined
    if (!transport) throw new Error(`unsupported protocol ${target.protocol}`)
    const headers = body ? { ...header, 'content-length': String(body.length) } : header
    // agent: false gives every exchange its own connection, so a server closing an idle
    // keep-alive socket can never race a reuse and turn into a spurious ECONNRESET.
    const req = transport.request(target, { method, headers, agent: false })
    // A promise settles once, so whichever of end/error/timeout/abort comes first wins.
    const settle = (reason?: string, res?: ExchangeResult) => {
      clearTimeout(timer)
      if (res) return resolve(res)
      req.destroy()
      reject(new Error(reason))
    }
    const timer = setTimeout(() => settle('timeout'), timeout)
    stop = (reason) => settle(reason)

    req.on('error', (error) => settle(describeError(error)))
    req.on('response', (res) => {
      const statusCode = res.statusCode ?? 0
      const total = Number(res.headers['content-length']) || 0
      const chunks: Buffer[] = []
      let received = 0
      onHeaders?.(statusCode, res.headers)
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        received += chunk.length
        onReceived?.(received, total)
      })
      res.on('error', (error) => settle(describeError(error)))
      // A reset mid-body must fail, never pass a truncated body off as the response.
      res.on('close', () => {
        if (!res.complete) settle('connection closed before the response ended')
      })
      res.on('end', () => {
        if (res.complete) settle(undefined, { statusCode, header: res.headers, body: Buffer.concat(chunks) })
      })
    })

    if (!body || !onSent) return void req.end(body)
    const sendFrom = (offset: number): void => {
      if (offset >= body.length) return void req.end()
      const slice = body.subarray(offset, offset + SEND_CHUNK)
      req.write(slice, (error) => {
        if (error) return
        onSent(offset + slice.length, body.length)
        sendFrom(offset + slice.length)
      })
    }
    sendFrom(0)
  })
  return { result, abort: () => stop('abort') }
}
