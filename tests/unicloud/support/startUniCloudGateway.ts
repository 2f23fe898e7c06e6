import { createHmac, randomBytes } from 'node:crypto'
import Fastify from 'fastify'

/**
 * A fake uniCloud gateway (aliyun's wire, 127.0.0.1), for the real client SDK: every request must
 * carry the SDK's real signature (`x-serverless-sign`, HMAC-MD5 keyed with the client secret over
 * the body's non-empty fields as sorted `k=v&…`), and the anonymous access token it handed out.
 * Behind it, uni-id as the tests need it: `uni-id-co.loginByWeixin({ code })` with codes from
 * `/dev/code`, and every other cloud object or function checks `uniIdToken` first, answering
 * uni-id's errors, and otherwise echoes what it got.
 */
export interface GatewayOptions {
  /** Where tokens come from and are judged, to share them with an HTTP API. @default the gateway's own */
  tokens?: { issue(): string; isValid(token: string): boolean }
}

export interface SeenCall {
  target: string
  method?: string
  /** The uniIdToken the call carried. */
  token: string | null
  valid: boolean
}

export const clientSecret = 'test-client-secret'
export const spaceId = 'relogin-test-space'

export async function startUniCloudGateway({ tokens }: GatewayOptions = {}) {
  const issued = new Set<string>()
  const valid = new Set<string>()
  const codes = new Set<string>()
  const accessTokens = new Set<string>()
  const waiters = new Set<{ count: number; resolve: () => void }>()
  const own = {
    issue: () => {
      const token = randomBytes(12).toString('base64url')
      issued.add(token)
      valid.add(token)
      return token
    },
    isValid: (token: string) => valid.has(token),
  }
  const { issue, isValid } = tokens ?? own

  const state = {
    url: '',
    /** Requests whose signature or access token was wrong: must stay 0. */
    rejected: 0,
    logins: 0,
    calls: [] as SeenCall[],
    /** The next N answers that pass uni-id also bring `newToken` (uni-id's sliding renewal). */
    renewNext: 0,
    /** An app's own expiry code, answered instead of uni-id's. */
    expiredCode: null as string | null,
    /** While set, authenticated calls wait for it before they answer. */
    gate: null as Promise<void> | null,
    expireAll: () => valid.clear(),
    /** Resolves once `count` authenticated calls have arrived. */
    whenCalls(count: number): Promise<void> {
      return new Promise((resolve) => {
        waiters.add({ count, resolve })
        notify()
      })
    },
    close: () => app.close(),
  }
  const notify = () => {
    for (const waiter of waiters) {
      if (state.calls.length < waiter.count) continue
      waiters.delete(waiter)
      waiter.resolve()
    }
  }

  const app = Fastify({ forceCloseConnections: true })
  app.get('/dev/code', async () => {
    const code = randomBytes(8).toString('hex')
    codes.add(code)
    return { code }
  })

  app.post('/client', async (request, reply) => {
    const body = request.body as Record<string, string | number>
    const signed = Object.keys(body).sort().filter((key) => body[key]).map((key) => `${key}=${body[key]}`).join('&')
    const sign = createHmac('md5', clientSecret).update(signed).digest('hex')
    const fail = (code: string, message: string) => reply.send({ success: false, error: { code, message } })
    if (request.headers['x-serverless-sign'] !== sign || body.spaceId !== spaceId) {
      state.rejected++
      return fail('SIGN_PARAM_INVALID', 'bad signature')
    }
    if (body.method === 'serverless.auth.user.anonymousAuthorize') {
      const accessToken = randomBytes(12).toString('hex')
      accessTokens.add(accessToken)
      return { success: true, data: { accessToken } }
    }
    if (body.method !== 'serverless.function.runtime.invoke' || !accessTokens.has(String(body.token)) || request.headers['x-basement-token'] !== body.token) {
      state.rejected++
      return fail('GATEWAY_INVALID_TOKEN', 'bad access token')
    }
    const { functionTarget: target, functionArgs: args } = JSON.parse(String(body.params)) as { functionTarget: string; functionArgs: Record<string, any> }
    const method = typeof args.method === 'string' ? args.method : undefined
    if (target === 'uni-id-co' && method === 'loginByWeixin') {
      const { code } = args.params[0] as { code: string }
      if (!codes.delete(code)) return { success: true, data: { errCode: 'uni-id-get-third-party-account-failed', errMsg: 'bad code' } }
      state.logins++
      return { success: true, data: { errCode: 0, uid: 'u1', newToken: { token: issue(), tokenExpired: Date.now() + 3_600_000 } } }
    }
    const token = typeof args.uniIdToken === 'string' ? args.uniIdToken : null
    const ok = token !== null && isValid(token)
    state.calls.push({ target, method, token, valid: ok })
    notify()
    await state.gate
    if (!ok) {
      const errCode = state.expiredCode ?? (token && (issued.has(token) || tokens) ? 'uni-id-token-expired' : 'uni-id-check-token-failed')
      return { success: true, data: { errCode, errMsg: errCode } }
    }
    const { clientInfo: _clientInfo, uniIdToken: _token, ...rest } = args
    const renewal = state.renewNext > 0 ? (state.renewNext--, { newToken: { token: issue(), tokenExpired: Date.now() + 7_200_000 } }) : {}
    return { success: true, data: { errCode: 0, target, echo: method ? args.params : rest, ...renewal } }
  })

  state.url = await app.listen({ host: '127.0.0.1', port: 0 })
  return state
}

export type UniCloudGateway = Awaited<ReturnType<typeof startUniCloudGateway>>
