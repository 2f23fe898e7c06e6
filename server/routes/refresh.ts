import type { FastifyInstance } from 'fastify'
import { hashToken } from '../auth.js'
import type { AppContext } from '../context.js'
import { issueSession } from '../issueSession.js'
import { Code, fail, ok } from '../result.js'

/**
 * `POST /v1/cif/refreshToken.do { refreshToken }` → a new token and refresh token.
 * Rotation as RFC 9700 §4.14.2 describes it: each refresh token works once, and
 * presenting a spent one revokes its whole family (refresh tokens and the
 * sessions issued from them), since either the client or an attacker holds a
 * stolen copy and the server cannot tell which.
 */
export function refreshRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/cif/refreshToken.do', async (request) => {
    const refreshToken = (request.body as { refreshToken?: unknown } | null | undefined)?.refreshToken
    if (typeof refreshToken !== 'string' || refreshToken === '' || refreshToken.length > 256) {
      return fail(Code.invalidInput, 'invalid input', { fields: { refreshToken: 'must be a non-empty string' } })
    }
    const outcome = await ctx.store.spendRefreshToken(hashToken(refreshToken), ctx.options.clock())
    if (outcome.status === 'reused') request.log.warn('a spent refresh token was presented again; its family is revoked')
    if (outcome.status !== 'rotated') return fail(Code.invalidRefreshToken, 'refresh token is invalid; log in again')
    return ok(await issueSession(ctx, outcome.token.openid, outcome.token.familyId))
  })
}
