const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * How long a JWT has left, in ms, measured on the server's clock so that a phone's wrong clock
 * cannot matter: `exp − iat` when `iat` is present (the token was just issued). Without `iat`,
 * `exp − now`, unless that is already past on arrival: a token issued a moment ago cannot be
 * expired, so the phone's clock is wrong and the lifetime is unknown (null), as for opaque tokens.
 *
 * Decoded by hand because phones have neither `atob` nor `Buffer`. Only numbers are read, so the
 * payload's bytes can stay undecoded UTF-8. The signature is not checked: this only decides when
 * to renew.
 */
export function jwtLifetime(token: string, now: number): number | null {
  const parts = token.split('.')
  if (parts.length !== 3) return null
  let bits = 0
  let value = 0
  let text = ''
  for (const char of parts[1]!) {
    const digit = BASE64URL.indexOf(char)
    if (digit === -1) return null
    value = ((value << 6) | digit) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      text += String.fromCharCode((value >> bits) & 0xff)
    }
  }
  const exp = claim(text, 'exp')
  if (exp === null) return null
  const iat = claim(text, 'iat')
  const lifetime = iat === null ? exp - now : exp - iat
  return lifetime > 0 ? lifetime : null
}

/**
 * A JWT's lifetime in seconds, for `LoginResult.expiresIn` when the backend sends none, so that a
 * request made just before the token's `exp` logs in first. Measured as `jwtLifetime` says (the
 * phone's clock cannot skew it); undefined for an opaque token or one without a usable `exp`.
 * Opt-in, so an app that does not call it does not ship it.
 *
 * @example
 * exchange: async (code, http) => {
 *   const { data } = await http.post('/login', { code })
 *   return { token: data.token, expiresIn: jwtExpiresIn(data.token) }
 * }
 */
export function jwtExpiresIn(token: string): number | undefined {
  const lifetime = jwtLifetime(token, Date.now())
  return lifetime === null ? undefined : lifetime / 1000
}

function claim(payload: string, name: string): number | null {
  const match = new RegExp(`"${name}"\\s*:\\s*(\\d+(?:\\.\\d+)?)`).exec(payload)
  return match ? Number(match[1]) * 1000 : null
}
