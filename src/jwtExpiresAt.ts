const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * The `exp` claim of a JWT, as epoch ms; null for anything else. Decoded by hand because phones
 * have neither `atob` nor `Buffer`. Only `exp` is read (a number), so the payload's bytes can stay
 * undecoded UTF-8. The signature is not checked: this only decides when to refresh.
 */
export function jwtExpiresAt(token: string): number | null {
  const payload = token.split('.')
  if (payload.length !== 3) return null
  let bits = 0
  let value = 0
  let text = ''
  for (const char of payload[1]!) {
    const digit = BASE64URL.indexOf(char)
    if (digit === -1) return null
    value = ((value << 6) | digit) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      text += String.fromCharCode((value >> bits) & 0xff)
    }
  }
  const exp = /"exp"\s*:\s*(\d+(?:\.\d+)?)/.exec(text)?.[1]
  return exp === undefined ? null : Number(exp) * 1000
}
