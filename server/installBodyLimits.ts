import type { FastifyInstance } from 'fastify'
import { Code, fail } from './result.js'

/**
 * Refuses, before a byte of it is read, a body that cannot fit its route's
 * `bodyLimit` (Fastify's own check runs only when a parser reads the body,
 * and multipart is not read that way), and a body of unknown length on a
 * route that streams it (an upload): busboy would read it all to its end.
 * The connection is closed, so the rest of the body is never read either.
 */
export function installBodyLimits(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const declared = request.headers['content-length']
    const limit = request.routeOptions.bodyLimit ?? Infinity
    if (declared !== undefined && Number(declared) > limit) {
      return reply.code(413).header('connection', 'close').send(fail(Code.tooLarge, `request body exceeds ${limit} bytes`))
    }
    if (declared === undefined && request.routeOptions.config.streamsBody && request.headers['transfer-encoding'] !== undefined) {
      return reply.code(411).header('connection', 'close').send(fail(Code.invalidInput, 'Content-Length is required'))
    }
  })
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads its body as a stream (multipart), so a body without Content-Length is refused. */
    streamsBody?: boolean
  }
}
