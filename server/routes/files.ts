import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../context.js'
import { UPLOAD_NAME_PATTERN } from '../imageType.js'
import { Code, fail } from '../result.js'

const UPLOAD_NAME = new RegExp(`^${UPLOAD_NAME_PATTERN}$`)

/**
 * Serves stored uploads. `/files/:name` serves a file only to a user who
 * uploaded it (HTTP 401 without a valid token, since a download's body never
 * reaches the client's JSON handling; 404 for anyone else's file). In dev mode,
 * `/uploads/:name` also serves every upload publicly, so the sample's `<image>`
 * tags (which cannot send a token) can show avatars.
 */
export function fileRoutes(app: FastifyInstance, { store, options }: AppContext): void {
  const serve = (cacheControl: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { name } = request.params as { name: string }
    const visible = UPLOAD_NAME.test(name) && (!request.identity || (await store.hasUploaded(request.identity.openid, name)))
    const upload = visible ? await store.findUpload(name) : undefined
    const bytes = upload && (await store.readUpload(name))
    if (!upload || !bytes) return reply.code(404).send(fail(Code.notFound, 'not found'))
    return reply
      .type(upload.mime)
      .header('cache-control', cacheControl)
      .send(bytes)
  }

  app.get('/files/:name', { config: { auth: 'status' } }, serve('private, no-store'))
  // Content-addressed, so a URL's bytes never change.
  if (options.dev) app.get('/uploads/:name', serve('public, max-age=31536000, immutable'))
}
