import type { FastifyServerOptions } from 'fastify'
import type { ServerOptions } from './options.js'
import { pathOf } from './pathOf.js'

/**
 * Fastify logger settings that keep secrets out of the log: requests are
 * logged as method and path only (the fake WeChat's query string carries the
 * app secret and the login code), never with headers (Authorization) or bodies.
 * `redact` is a second line of defence for anything logged by hand.
 */
export function loggerOptions(logger: ServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false
  const { level = 'info', stream } = logger === true ? {} : logger
  return {
    level,
    ...(stream && { stream }),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: {
      // Plugins log their own objects at debug and trace, e.g. @fastify/multipart's `busboyOptions.headers`.
      paths: ['headers', '*.headers', 'authorization', '*.authorization', '*.*.authorization', 'token', '*.token', 'code', '*.code', 'secret', '*.secret'],
      censor: '[redacted]',
    },
  }
}
