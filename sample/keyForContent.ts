import { createIdempotencyKey } from 'uni-relogin'

/**
 * One `Idempotency-Key` per form content. Submitting the same content again
 * (a retry after a lost answer) reuses the key, so the server replays its
 * record instead of acting twice; changed content gets a new key, since the
 * server refuses a key reused with another body (HTTP 422).
 *
 * @example
 * const keyFor = keyForContent()
 * await api.post('/register', form, { idempotencyKey: keyFor(form) })
 */
export function keyForContent(): (content: object) => string {
  let last: { content: string; key: string } | undefined
  return (content) => {
    const serialized = JSON.stringify(content)
    if (last?.content !== serialized) last = { content: serialized, key: createIdempotencyKey() }
    return last.key
  }
}
