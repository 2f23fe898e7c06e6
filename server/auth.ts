import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Store } from './store.js'
import { Code, fail } from './result.js'
import { pathOf } from './pathOf.js'
import { recordAuth, type Stats, type TokenState } from './stats.js'

export interface Identity {
  openid: string
  userId: string
  /** The refresh-token family of the caller's session (logout revokes it). */
  familyId: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Requires a valid `Authorization: Bearer <token>`. Without one the route answers
     * `{ code: '001101' }` with HTTP 200 (`'body'`, the protocol's way), or with
     * HTTP 401 (`'status'`, for downloads, whose body the client cannot read).
     */
    auth?: 'body' | 'status'
  }
  interface FastifyRequest {
    /** Set by the auth hook on routes with `config.auth`. */
    identity: Identity | null
  }
}

/** Sessions and refresh tokens are stored under this hash, so a leaked database holds no usable token. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url')

export function installAuth(app: FastifyInstance, store: Store, stats: Stats, clock: () => number): void {
  app.decorateRequest('identity', null)

  app.addHook('preHandler', async (request, reply) => {
    const mode = request.routeOptions.config.auth
    if (!mode) return

    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
    const session = token === undefined ? undefined : await store.findSession(hashToken(token))
    const tokenState: TokenState =
      token === undefined ? 'missing' : !session ? 'unknown' : session.expiresAt <= clock() ? 'expired' : 'valid'
    recordAuth(stats, { method: request.method, path: pathOf(request.url), tokenState })

    if (tokenState === 'valid') {
      request.identity = { openid: session!.openid, userId: session!.userId, familyId: session!.familyId }
      return
    }
    // A missing or unknown token is answered like an expired one: either way the client's cure is a fresh login.
    return reply.code(mode === 'status' ? 401 : 200).send(fail(Code.tokenExpired, 'token expired'))
  })
}
