import type { FastifyInstance } from 'fastify'
import { hashToken } from '../auth.js'
import type { AppContext } from '../context.js'
import { mintPair } from '../mintPair.js'
import { perMinute } from '../rateLimits.js'
import { Code, fail, ok } from '../result.js'
import { successor } from '../successor.js'

/**
 * `POST /v1/cif/refreshToken.do { refreshToken }` → a new token and refresh token.
 * Rotation as RFC 9700 §4.14.2 describes it: each refresh token works once, and
 * presenting a spent one revokes its whole family, since either the client or an
 * attacker holds a stolen copy and the server cannot tell which. Within the reuse
 * window (`refreshReuseSeconds`) a spent token is answered with the pair it was
 * rotated into instead: two H5 tabs refreshing at once, or a retry whose answer
 * was lost, then keep the session (Auth0's "reuse interval", Okta's grace period).
 *
 * `POST /v1/cif/logout.do` revokes the caller's family.
 */
export function refreshRoutes(app: FastifyInstance, { store, stats, options }: AppContext): void {
  app.post('/v1/cif/refreshToken.do', { config: perMinute('refresh-ip', options.refreshesPerIpPerMinute, 'ip', 'refreshes') }, async (request) => {
    const refreshToken = (request.body as { refreshToken?: unknown } | null | undefined)?.refreshToken
    if (typeof refreshToken !== 'string' || refreshToken === '' || refreshToken.length > 256) {
      return fail(Code.invalidInput, 'invalid input', { fields: { refreshToken: 'must be a non-empty string' } })
    }
    const now = options.clock()
    const { pair, record } = mintPair(options, now)
    const outcome = await store.rotateRefreshToken({
      tokenHash: hashToken(refreshToken),
      now,
      next: record,
      sealed: successor.seal(refreshToken, pair),
      reuseWindowMs: options.refreshReuseSeconds * 1000,
    })
    if (outcome.status === 'reused') request.log.warn('a spent refresh token was presented again; its family is revoked')
    if (outcome.status === 'reused' || outcome.status === 'invalid') return fail(Code.invalidRefreshToken, 'refresh token is invalid; log in again')
    if (outcome.status === 'rotated') stats.logins++
    const issued = outcome.status === 'rotated' ? pair : successor.open(refreshToken, outcome.sealed)
    return ok({ token: issued.token, userId: outcome.family.userId, expiresIn: options.tokenTtlSeconds, refreshToken: issued.refreshToken })
  })

  app.post('/v1/cif/logout.do', { config: { auth: 'body' } }, async (request) => {
    await store.revokeFamily(request.identity!.familyId, options.clock())
    return ok(null)
  })
}
