import { randomBytes } from 'node:crypto'
import { hashToken } from './auth.js'
import type { AppContext } from './context.js'

/** A new session for `openid`: what both login and phone binding answer with. */
export function issueSession({ store, stats, options }: AppContext, openid: string) {
  const userId = store.ensureUser(openid)
  const token = randomBytes(24).toString('base64url')
  const now = Date.now()
  store.createSession({
    tokenHash: hashToken(token),
    openid,
    userId,
    createdAt: now,
    expiresAt: now + options.tokenTtlSeconds * 1000,
  })
  stats.logins++
  return { token, userId, expiresIn: options.tokenTtlSeconds }
}
