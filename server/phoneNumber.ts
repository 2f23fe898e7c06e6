import { Code2SessionError } from './code2session.js'

export interface PhoneNumberConfig {
  /** e.g. `https://api.weixin.qq.com`; read on each call (the fake's is known only once listening). */
  apiBase: () => string
  appid: string
  secret: string
  /** @default 5000 */
  timeoutMs?: number
}

export type PhoneNumberResult = { ok: true; phone: string } | { ok: false; errcode: number }

/** Token errors: the cached access token was replaced or expired. */
const STALE_TOKEN = new Set([40001, 42001])

/**
 * Looks up the phone number behind a `getPhoneNumber` button's code, through WeChat's
 * `wxa/business/getuserphonenumber`. The access token comes from `cgi-bin/stable_token`,
 * which hands every instance the same token (plain `cgi-bin/token` would make each instance
 * invalidate the others'), and is cached until shortly before it expires.
 * Transport failures throw {@link Code2SessionError}; neither secret nor token reaches its message.
 */
export function createPhoneNumberLookup(config: PhoneNumberConfig): (code: string) => Promise<PhoneNumberResult> {
  let cached: { token: string; expiresAt: number } | undefined

  const call = async (path: string, body: object): Promise<Record<string, unknown>> => {
    let text: string
    try {
      const response = await fetch(`${config.apiBase()}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs ?? 5000),
      })
      if (!response.ok) throw new Code2SessionError(`WeChat answered HTTP ${response.status}`)
      text = await response.text()
    } catch (error) {
      throw error instanceof Code2SessionError ? error : new Code2SessionError('WeChat request failed', error)
    }
    try {
      return JSON.parse(text) as Record<string, unknown>
    } catch {
      throw new Code2SessionError('WeChat answered a body that is not JSON')
    }
  }

  const accessToken = async (forceRefresh: boolean): Promise<string> => {
    if (!forceRefresh && cached && cached.expiresAt > Date.now()) return cached.token
    const { appid, secret } = config
    const answer = await call('/cgi-bin/stable_token', { grant_type: 'client_credential', appid, secret, force_refresh: forceRefresh })
    if (typeof answer.access_token !== 'string') throw new Code2SessionError(`stable_token failed (${String(answer.errcode)})`)
    // A minute early, so a token is never used in its last moments.
    cached = { token: answer.access_token, expiresAt: Date.now() + (Number(answer.expires_in) - 60) * 1000 }
    return cached.token
  }

  return async function phoneNumber(code) {
    for (const forceRefresh of [false, true]) {
      const token = await accessToken(forceRefresh)
      const answer = await call(`/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`, { code })
      const errcode = Number(answer.errcode ?? 0)
      if (STALE_TOKEN.has(errcode) && !forceRefresh) continue
      const phone = (answer.phone_info as { purePhoneNumber?: unknown } | undefined)?.purePhoneNumber
      if (errcode !== 0 || typeof phone !== 'string') return { ok: false, errcode: errcode || -1 }
      return { ok: true, phone }
    }
    return { ok: false, errcode: 40001 }
  }
}
