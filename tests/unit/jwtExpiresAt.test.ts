import { describe, expect, it } from 'vitest'
import { jwtExpiresAt } from '../../src/jwtExpiresAt'

const jwt = (payload: object) =>
  ['{"alg":"HS256","typ":"JWT"}', JSON.stringify(payload)].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.c2ln'

describe('jwtExpiresAt', () => {
  it('reads the exp claim as epoch ms, whatever else the payload holds', () => {
    expect(jwtExpiresAt(jwt({ sub: '42', exp: 1_900_000_000 }))).toBe(1_900_000_000_000)
    expect(jwtExpiresAt(jwt({ name: '小明', exp: 1_800_000_001, roles: ['a'] }))).toBe(1_800_000_001_000)
  })

  it('answers null for opaque tokens, a JWT without exp, and malformed input', () => {
    expect(jwtExpiresAt('D7a8tWw0OFfRWRNJcHOzc9A3ocjZMvwB')).toBeNull()
    expect(jwtExpiresAt(jwt({ sub: '42' }))).toBeNull()
    expect(jwtExpiresAt('a.b!c.d')).toBeNull()
    expect(jwtExpiresAt('a.%%%.c')).toBeNull()
  })
})
