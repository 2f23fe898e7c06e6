import { randomBytes } from 'node:crypto'
import { hashToken } from './auth.js'
import type { ResolvedOptions } from './options.js'
import type { PairRecord } from './store.js'

export interface TokenPair {
  token: string
  /** Single-use: `POST /v1/cif/refreshToken.do` exchanges it for a new pair. */
  refreshToken: string
}

/** A fresh token and refresh token, and the record that stores them by hash. */
export function mintPair(options: Pick<ResolvedOptions, 'tokenTtlSeconds' | 'refreshTtlSeconds'>, now: number): { pair: TokenPair; record: PairRecord } {
  const pair = { token: randomBytes(24).toString('base64url'), refreshToken: randomBytes(32).toString('base64url') }
  return {
    pair,
    record: {
      tokenHash: hashToken(pair.token),
      refreshTokenHash: hashToken(pair.refreshToken),
      createdAt: now,
      expiresAt: now + options.tokenTtlSeconds * 1000,
      refreshExpiresAt: now + options.refreshTtlSeconds * 1000,
    },
  }
}
