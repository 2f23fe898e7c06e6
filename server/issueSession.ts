import { randomUUID } from 'node:crypto'
import type { AppContext } from './context.js'
import { mintPair, type TokenPair } from './mintPair.js'

export interface IssuedSession extends TokenPair {
  userId: string
  expiresIn: number
}

/** A login's answer: a new refresh-token family, with its first token and refresh token (login and phone binding). */
export async function issueSession({ store, stats, options }: AppContext, openid: string): Promise<IssuedSession> {
  const userId = await store.ensureUser(openid)
  const now = options.clock()
  const { pair, record } = mintPair(options, now)
  await store.startFamily({ familyId: randomUUID(), openid, userId, createdAt: now, expiresAt: now + options.sessionLifetimeSeconds * 1000 }, record)
  stats.logins++
  return { ...pair, userId, expiresIn: options.tokenTtlSeconds }
}
