/**
 * uni-id's token as the uniCloud client SDK keeps it: `uni_id_token`, and `uni_id_token_expired` in
 * epoch ms. The SDK sends it with every call, and `uniIdRouter` reads it to guard pages.
 */
export interface UniIdToken {
  token: string
  tokenExpired: number | null
}

const TOKEN = 'uni_id_token'
const EXPIRED = 'uni_id_token_expired'

export function readUniIdToken(): UniIdToken | null {
  const token: unknown = uni.getStorageSync(TOKEN)
  if (typeof token !== 'string' || !token) return null
  const tokenExpired: unknown = uni.getStorageSync(EXPIRED)
  return { token, tokenExpired: typeof tokenExpired === 'number' ? tokenExpired : null }
}

/**
 * Writes the session's token for the SDK. An unknown lifetime leaves the expiry unwritten rather
 * than invent one: `uniIdRouter` would take an empty one for "expired".
 */
export function writeUniIdToken({ token, tokenExpired }: UniIdToken): void {
  uni.setStorageSync(TOKEN, token)
  if (tokenExpired !== null) uni.setStorageSync(EXPIRED, tokenExpired)
}

export function clearUniIdToken(): void {
  uni.removeStorageSync(TOKEN)
  uni.removeStorageSync(EXPIRED)
}
