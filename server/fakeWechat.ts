import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'

export interface FakeWechatOptions {
  appid: string
  secret: string
  /** @default 300_000 (WeChat's codes live 5 minutes) */
  codeTtlMs?: number
  /** code2session calls allowed per openid per minute. @default 100 (WeChat's documented quota) */
  perMinuteQuota?: number
}

export interface FakeWechat {
  /** Hands out a one-time code that the fake exchanges for `openid`. */
  issueCode(openid: string): string
}

/** The number the fake's phone-number API answers for every code. */
const FAKE_PHONE = '13800000000'

type Answer = { openid: string; session_key: string } | { errcode: number; errmsg: string }

/**
 * A local stand-in for `https://api.weixin.qq.com/sns/jscode2session`, mounted
 * at `/fake-wx`, so that H5 and Node tests can "log in" with no WeChat account.
 * It keeps WeChat's quirks that a client must cope with: codes are one-time
 * and short-lived, errors are HTTP 200 with an `errcode`, and the body is JSON
 * served as `text/plain`.
 */
export function mountFakeWechat(app: FastifyInstance, options: FakeWechatOptions): FakeWechat {
  const { appid, secret, codeTtlMs = 300_000, perMinuteQuota = 100 } = options
  const codes = new Map<string, { openid: string; expiresAt: number }>()
  const calls = new Map<string, number[]>()

  function exchange(query: Record<string, string | undefined>): Answer {
    if (!query.js_code) return { errcode: 41008, errmsg: 'missing code' }
    const entry = codes.get(query.js_code)
    // One-time: the code is spent whatever the answer, a wrong secret or a quota error included.
    codes.delete(query.js_code)
    // The code is judged before the credentials: without a live code, a guessed secret learns nothing.
    if (!entry || entry.expiresAt <= Date.now()) return { errcode: 40029, errmsg: 'invalid code' }
    if (!sameText(query.appid, appid)) return { errcode: 40013, errmsg: 'invalid appid' }
    if (!sameText(query.secret, secret)) return { errcode: 40125, errmsg: 'invalid appsecret' }
    if (query.grant_type !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' }

    const now = Date.now()
    const recent = (calls.get(entry.openid) ?? []).filter((t) => t > now - 60_000)
    recent.push(now)
    calls.set(entry.openid, recent)
    if (recent.length > perMinuteQuota) {
      return { errcode: 45011, errmsg: 'api minute-quota reach limit mustslower retry next minute' }
    }
    return { openid: entry.openid, session_key: randomBytes(16).toString('base64') }
  }

  // The phone-number API: a stable access token, and each getPhoneNumber code answered once
  // (any code, since in dev it comes from a real WeChat client the fake cannot know).
  const accessToken = randomBytes(16).toString('hex')
  const spentPhoneCodes = new Set<string>()
  app.post('/fake-wx/cgi-bin/stable_token', async (request) => {
    const body = (request.body ?? {}) as Record<string, string | undefined>
    if (!sameText(body.appid, appid) || !sameText(body.secret, secret)) return { errcode: 40125, errmsg: 'invalid appsecret' }
    return { access_token: accessToken, expires_in: 7200 }
  })
  app.post('/fake-wx/wxa/business/getuserphonenumber', async (request) => {
    const { access_token: token } = request.query as { access_token?: string }
    const { code } = (request.body ?? {}) as { code?: unknown }
    if (!sameText(token, accessToken)) return { errcode: 40001, errmsg: 'invalid credential' }
    if (typeof code !== 'string' || code === '' || spentPhoneCodes.has(code)) return { errcode: 40029, errmsg: 'invalid code' }
    spentPhoneCodes.add(code)
    return { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: `+86${FAKE_PHONE}`, purePhoneNumber: FAKE_PHONE, countryCode: '86' } }
  })

  app.get('/fake-wx/sns/jscode2session', async (request, reply) => {
    reply.type('text/plain')
    return JSON.stringify(exchange(request.query as Record<string, string | undefined>))
  })

  return {
    issueCode(openid) {
      const now = Date.now()
      // Expired codes are never exchanged; drop them so the map cannot grow without bound.
      for (const [code, entry] of codes) if (entry.expiresAt <= now) codes.delete(code)
      const code = randomBytes(16).toString('hex')
      codes.set(code, { openid, expiresAt: now + codeTtlMs })
      return code
    },
  }
}

/** Compares in constant time (through fixed-length hashes), so timing tells nothing of the expected value. */
const sameText = (given: string | undefined, expected: string) =>
  timingSafeEqual(createHash('sha256').update(given ?? '').digest(), createHash('sha256').update(expected).digest())
