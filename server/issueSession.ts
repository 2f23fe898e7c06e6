import { randomBytes, randomUUID } from 'node:crypto'
import { hashToken } from './auth.js'
import type { AppContext } from './context.js'

export interface IssuedSession {
  token: string
  userId: string
  expiresIn: number
  /** Single-use: `POST /v1/cif/refreshToken.do` exchanges it for a new pair. */
  refreshToken: string
}

/**
 * A new token and refresh token for `openid`: what login, phone binding and refresh answer with.
 * A login starts a new refresh-token family; a refresh continues the family it came from.
 */
export async function issueSession(
  { store, stats, options }: AppContext,
  openid: string,
  familyId: string = randomUUID(),
): Promise<IssuedSession> {
  const userId = await store.ensureUser(openid)
  const token = randomBytes(24).toString('base64url')
  const refreshToken = randomBytes(32).toString('base64url')
  const now = options.clock()
  await store.createSession({ tokenHash: hashToken(token), openid, userId, familyId, createdAt: now, expiresAt: now + options.tokenTtlSeconds * 1000 })
  await store.createRefreshToken({
    tokenHash: hashToken(refreshToken),
    familyId,
    openid,
    userId,
    createdAt: now,
    expiresAt: now + options.refreshTtlSeconds * 1000,
  })
  stats.logins++
  return { token, userId, expiresIn: options.tokenTtlSeconds, refreshToken }
}
