import { Buffer } from 'node:buffer'

export interface EncodedRequest {
  url: string
  header: Record<string, string>
  body?: Buffer
}

// Tag check rather than instanceof: an ArrayBuffer from another realm (jsdom, vm) must count too.
const isArrayBuffer = (value: unknown): value is ArrayBuffer => Object.prototype.toString.call(value) === '[object ArrayBuffer]'

/** Header names lower-cased so lookups like content-type are case-insensitive; empty values dropped. */
export function normalizeHeader(header: Record<string, unknown> = {}): Record<string, string> {
  const normalized: Record<string, string> = {}
  for (const [name, value] of Object.entries(header)) {
    if (value !== undefined && value !== null) normalized[name.toLowerCase()] = String(value)
  }
  return normalized
}

/** WeChat's serializer: object values are JSON-encoded, undefined ones skipped. */
function toQuery(data: object): string {
  return Object.entries(data)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)
      return `${encodeURIComponent(key)}=${encodeURIComponent(text)}`
    })
    .join('&')
}

/**
 * Applies wx.request's data rules: for GET/HEAD an object goes into the query string; otherwise an
 * object becomes JSON (or urlencoded when the caller's content-type says so) and strings or binary
 * data are sent as they are.
 */
export function encodeRequest(url: string, method: string, data: unknown, rawHeader?: Record<string, unknown>): EncodedRequest {
  const header = normalizeHeader(rawHeader)
  if (data === undefined || data === null) return { url, header }
  const isObject = typeof data === 'object' && !isArrayBuffer(data) && !ArrayBuffer.isView(data)
  if (isObject && (method === 'GET' || method === 'HEAD')) {
    const query = toQuery(data)
    if (!query) return { url, header }
    const [base, hash = ''] = url.split('#', 2)
    return { url: `${base}${base.includes('?') ? '&' : '?'}${query}${hash && `#${hash}`}`, header }
  }
  header['content-type'] ??= 'application/json'
  if (isArrayBuffer(data)) return { url, header, body: Buffer.from(data) }
  if (ArrayBuffer.isView(data)) return { url, header, body: Buffer.from(data.buffer, data.byteOffset, data.byteLength) }
  if (!isObject) return { url, header, body: Buffer.from(String(data)) }
  const urlencoded = header['content-type'].includes('application/x-www-form-urlencoded')
  return { url, header, body: Buffer.from(urlencoded ? toQuery(data) : JSON.stringify(data)) }
}

/** WeChat's response rules: 'arraybuffer' wins; otherwise dataType 'json' parses and keeps the text when parsing fails. */
export function decodeResponse(body: Buffer, dataType: string, responseType: string): unknown {
  if (responseType === 'arraybuffer') return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)
  const text = body.toString('utf8')
  if (dataType !== 'json') return text
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return text
  }
}
