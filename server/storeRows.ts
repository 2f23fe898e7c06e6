import type { IdempotencyRecord, Registration } from './store.js'

/** Row shapes both stores read back, and their mapping to the {@link Store} records. */
export interface RegistrationRow {
  user_id: string
  nickname: string
  phone: string
  avatar_url: string
  registered_at: string
}

export const toRegistration = (row: RegistrationRow): Registration => ({
  userId: row.user_id,
  nickname: row.nickname,
  phone: row.phone,
  avatarUrl: row.avatar_url,
  registeredAt: row.registered_at,
})

export interface IdempotencyRow extends Omit<IdempotencyRecord, 'response'> {
  statusCode: number | null
  body: string | null
}

export const toIdempotencyRecord = ({ statusCode, body, ...claim }: IdempotencyRow): IdempotencyRecord => ({
  ...claim,
  response: statusCode === null || body === null ? undefined : { statusCode, body },
})

