import { Buffer } from 'node:buffer'
import { randomBytes } from 'node:crypto'

export interface FilePart {
  name: string
  filename: string
  contentType: string
  bytes: Buffer
}

export interface MultipartBody {
  /** Full content-type header value, boundary included. */
  contentType: string
  body: Buffer
}

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
}

export function guessMime(filename: string): string {
  const extension = /\.([^./\\]+)$/.exec(filename)?.[1]?.toLowerCase() ?? ''
  return MIME_BY_EXTENSION[extension] ?? 'application/octet-stream'
}

// Same escaping as browsers' FormData (HTML spec), so names cannot break out of the quoted header value.
const quote = (value: string) => value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22')

/** Builds a multipart/form-data body by hand: fields first, then the one file part, as WeChat sends it. */
export function buildMultipart(fields: Record<string, unknown>, file: FilePart): MultipartBody {
  const boundary = `----NodeUniFormBoundary${randomBytes(12).toString('hex')}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${text}\r\n`))
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.name)}"; filename="${quote(file.filename)}"\r\n` +
        `Content-Type: ${file.contentType}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  )
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) }
}
