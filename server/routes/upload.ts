import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../context.js'
import { perMinute } from '../rateLimits.js'
import { Code, fail, ok } from '../result.js'
import { sniffImage } from '../imageType.js'

/**
 * `POST /upload`, multipart with the image in field `file`. Stored in the
 * store, where every instance can read it, content-addressed as
 * `<sha256>.<ext>`: the same image uploaded twice is one file, and uploading
 * it again is harmless, so uploads need no `Idempotency-Key`.
 */
export function uploadRoutes(app: FastifyInstance, { store, options }: AppContext): void {
  // The file plus its multipart framing and the few small fields the multipart limits allow.
  const bodyLimit = options.maxUploadBytes + 16 * 1024
  const config = { auth: 'body', streamsBody: true, ...perMinute('upload', options.uploadsPerUserPerMinute, 'user', 'uploads') } as const
  app.post('/upload', { bodyLimit, config }, async (request) => {
    if (!request.isMultipart()) return fail(Code.invalidInput, 'expected multipart/form-data', { fields: { file: 'required' } })

    let file: { bytes: Buffer; truncated: boolean } | undefined
    try {
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue
        // Every file part must be read to the end, or the parser stalls; extra ones are discarded.
        if (part.fieldname !== 'file' || file) {
          part.file.resume()
          continue
        }
        const chunks: Buffer[] = []
        for await (const chunk of part.file) chunks.push(chunk as Buffer)
        // Past the limit busboy discards the rest of the file and marks the stream
        // truncated, so an oversize file is drained without being held in memory.
        file = { bytes: Buffer.concat(chunks), truncated: part.file.truncated }
      }
    } catch (error) {
      request.log.info({ reason: (error as Error).message }, 'malformed multipart upload')
      return fail(Code.invalidInput, 'malformed multipart body')
    }

    if (!file) return fail(Code.invalidInput, 'invalid input', { fields: { file: 'required' } })
    if (file.truncated) return fail(Code.tooLarge, `file exceeds ${options.maxUploadBytes} bytes`)
    const { bytes } = file
    const type = sniffImage(bytes)
    if (!type) return fail(Code.notAnImage, 'file is not a png, jpeg, gif or webp image')

    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const name = `${sha256}.${type.ext}`
    const upload = { name, openid: request.identity!.openid, sha256, size: bytes.length, mime: type.mime, createdAt: options.clock() }
    if (!(await store.saveUpload(upload, bytes, options.uploadQuotaBytes))) {
      return fail(Code.tooLarge, `upload quota of ${options.uploadQuotaBytes} bytes is used up; unused uploads are purged after a day`)
    }
    return ok({ url: `${options.uploadPath}${name}`, size: bytes.length, sha256 })
  })
}
