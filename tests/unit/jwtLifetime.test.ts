import { describe, expect, it } from 'vitest'
import { jwtExpiresIn, jwtLifetime } from '../../src/jwtLifetime'

const jwt = (payload: object) =>
  ['{"alg":"HS256","typ":"JWT"}', JSON.stringify(payload)].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.c2ln'

const now = 1_800_000_000_000

describe('jwtLifetime', () => {
  it('is exp − iat when iat is present, whatever the phone clock says', () => {
    expect(jwtLifetime(jwt({ sub: '42', iat: 1_000, exp: 4_600 }), now)).toBe(3_600_000)
    expect(jwtLifetime(jwt({ name: '小明', iat: 1_900_000_000, exp: 1_900_000_060, roles: ['a'] }), now)).toBe(60_000)
  })

  it('is exp − now without iat, and unknown when exp is already past on arrival', () => {
    expect(jwtLifetime(jwt({ exp: now / 1000 + 90 }), now)).toBe(90_000)
    expect(jwtLifetime(jwt({ exp: now / 1000 - 90 }), now)).toBeNull()
  })

  it('answers null for opaque tokens, a JWT without exp, and malformed input', () => {
    expect(jwtLifetime('D7a8tWw0OFfRWRNJcHOzc9A3ocjZMvwB', now)).toBeNull()
    expect(jwtLifetime(jwt({ sub: '42', iat: 5 }), now)).toBeNull()
    expect(jwtLifetime('a.b!c.d', now)).toBeNull()
    expect(jwtLifetime('a.%%%.c', now)).toBeNull()
  })
})

describe('jwtExpiresIn', () => {
  it('gives the lifetime in seconds for LoginResult.expiresIn, and undefined for an opaque token', () => {
    expect(jwtExpiresIn(jwt({ iat: 1_000, exp: 4_600 }))).toBe(3_600)
    expect(jwtExpiresIn('D7a8tWw0OFfRWRNJcHOzc9A3ocjZMvwB')).toBeUndefined()
  })
})
