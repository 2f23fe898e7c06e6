import type { FastifyInstance } from 'fastify'

/**
 * One policy for the H5 page and the API alike (a JSON answer is never rendered, so the page's
 * policy costs it nothing): scripts and requests only from this origin, no framing. Inline styles
 * stay allowed, since uni-app's H5 runtime sets them; images may be data: and blob: URLs (avatars).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * Security headers on every answer (pages, API, errors, 404s): they are set before routing,
 * so no route can forget them. HSTS only over https, which behind a TLS-terminating proxy the
 * server knows from `X-Forwarded-Proto` of a trusted proxy (`trustProxy`).
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.headers({
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    })
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains')
  })
}
