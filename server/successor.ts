import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import type { TokenPair } from './mintPair.js'

// The key comes from the presented refresh token, which the database holds only as a plain sha256:
// a different prefix keeps the stored hash from being the key.
const keyOf = (refreshToken: string) => createHash('sha256').update(`uni-relogin successor\0${refreshToken}`).digest()

/**
 * The pair a refresh token was rotated into, sealed (AES-256-GCM) under that refresh token, so
 * that only a client presenting it again can read the pair back: a leaked database yields no token.
 */
export const successor = {
  seal(refreshToken: string, pair: TokenPair): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', keyOf(refreshToken), iv)
    const sealed = Buffer.concat([cipher.update(JSON.stringify(pair), 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
  },
  open(refreshToken: string, sealed: string): TokenPair {
    const bytes = Buffer.from(sealed, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', keyOf(refreshToken), bytes.subarray(0, 12))
    decipher.setAuthTag(bytes.subarray(12, 28))
    return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as TokenPair
  },
}
