import type { FastifyInstance } from 'fastify'

// Local pages: the H5 dev server (`npm run dev:h5`) runs on its own port. Allowed only in dev mode.
const LOCAL_ORIGIN = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/

/**
 * Lets the listed origins (an H5 build served from another origin) call this API, and in dev mode
 * any local page too; every other origin gets no CORS headers. Origins match exactly.
 */
export function installCors(app: FastifyInstance, { origins, dev }: { origins: readonly string[]; dev: boolean }): void {
  const allowed = new Set(origins)
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin
    if (origin === undefined || !(allowed.has(origin) || (dev && LOCAL_ORIGIN.test(origin)))) return
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin')
  })

  app.options('/*', async (_request, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
      .header('access-control-allow-headers', 'Authorization, Content-Type, Idempotency-Key')
      .header('access-control-max-age', '600')
      .send(),
  )
}
