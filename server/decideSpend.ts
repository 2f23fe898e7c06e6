import type { RefreshOutcome } from './store.js'

/** A refresh token joined with its family, as both stores read it inside the spending transaction. */
export interface SpendRow {
  familyId: string
  openid: string
  userId: string
  /** The family's. */
  createdAt: number
  familyExpiresAt: number
  revokedAt: number | null
  /** The token's. */
  expiresAt: number
  usedAt: number | null
  successor: string | null
}

/**
 * What spending this refresh token at `now` means (see `Store.rotateRefreshToken`); the
 * store then writes it in the same transaction. One rule for both stores.
 */
export function decideSpend(row: SpendRow | undefined, now: number, reuseWindowMs: number): RefreshOutcome {
  if (!row || row.revokedAt !== null || row.familyExpiresAt <= now) return { status: 'invalid' }
  const family = { familyId: row.familyId, openid: row.openid, userId: row.userId, createdAt: row.createdAt, expiresAt: row.familyExpiresAt }
  if (row.usedAt !== null) {
    const repeat = reuseWindowMs > 0 && now - row.usedAt <= reuseWindowMs && row.successor !== null
    return repeat ? { status: 'repeated', family, sealed: row.successor! } : { status: 'reused' }
  }
  if (row.expiresAt <= now) return { status: 'invalid' }
  return { status: 'rotated', family }
}
