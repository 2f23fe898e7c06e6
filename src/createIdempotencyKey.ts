/**
 * A key for the `Idempotency-Key` header: unique per logical request, not a secret.
 * `Math.random` because phones have no `crypto.randomUUID`; 96 random bits plus the time is plenty.
 *
 * @example
 * const submitKey = createIdempotencyKey() // one per form submission, reused by the user's retries
 * await api.post('/register', form, { idempotencyKey: submitKey })
 */
export function createIdempotencyKey(): string {
  let random = ''
  for (let i = 0; i < 3; i++) random += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0')
  return `${Date.now().toString(36)}-${random}`
}
