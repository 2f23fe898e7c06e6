import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../context.js'
import { UPLOAD_NAME_PATTERN } from '../imageType.js'
import { Code, fail } from '../result.js'

const UPLOAD_NAME = new RegExp(`^${UPLOAD_NAME_PATTERN}$`)

/**
 * Serves stored uploads: publicly at `/uploads/:name`, and at `/files/:name`
 * only with a valid token (HTTP 401 otherwise: a download's body never reaches
 * the client's JSON handling). Only names recorded in the store are served, and
 * they match a strict pattern, so no path can escape the uploads dir.
 */
export function fileRoutes(app: FastifyInstance, { store, uploadsDir }: AppContext): void {
  const serve = (cacheControl: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { name } = request.params as { name: string }
    const upload = UPLOAD_NAME.test(name) ? store.findUpload(name) : undefined
    if (!upload) return reply.code(404).send(fail(Code.notFound, 'not found'))
    return reply
      .type(upload.mime)
      .header('content-length', upload.size)
      .header('cache-control', cacheControl)
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(join(uploadsDir, name)))
  }

  // Content-addressed, so a URL's bytes never change.
  app.get('/uploads/:name', serve('public, max-age=31536000, immutable'))
  app.get('/files/:name', { config: { auth: 'status' } }, serve('private, no-store'))
}
