import type { FastifyInstance } from 'fastify'

// Only local pages: the H5 dev server (`npm run dev:h5`) runs on its own port.
const LOCAL_ORIGIN = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/

/** Lets the H5 app on a local dev server call this API; any other origin gets no CORS headers. */
export function installCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin
    if (origin === undefined || !LOCAL_ORIGIN.test(origin)) return
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
