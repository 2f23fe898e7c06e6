import { describe, expect, it } from 'vitest'
import { keyForContent } from '../../sample/keyForContent'

describe('keyForContent', () => {
  it('keeps the key while the content stays the same, and makes a new one when it changes', () => {
    const keyFor = keyForContent()
    const first = keyFor({ nickname: 'Ann', phone: '1' })
    expect(keyFor({ nickname: 'Ann', phone: '1' })).toBe(first)

    const corrected = keyFor({ nickname: 'Ann', phone: '13800000000' })
    expect(corrected).not.toBe(first)
    expect(keyFor({ nickname: 'Ann', phone: '13800000000' })).toBe(corrected)
    // Going back to earlier content is a new submission too.
    expect(keyFor({ nickname: 'Ann', phone: '1' })).not.toBe(first)
  })
})
