import { afterEach, describe, expect, it, vi } from 'vitest'
import { devCode, freshStore, getJson, login, postJson, startServer, STORE_KINDS } from './helpers'

const LOGIN = '/v1/cif/loginByCode.do'

describe('POST /v1/cif/loginByCode.do', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('exchanges a dev code for a token, a user id and the token lifetime', async () => {
    const server = await startServer({ tokenTtlSeconds: 42 })
    const result = await postJson(`${server.url}${LOGIN}`, { code: await devCode(server) })
    expect(result.code).toBe('000000')
    expect(result.data.token).toMatch(/^[\w-]{32}$/)
    expect(result.data.expiresIn).toBe(42)
    expect(typeof result.data.userId).toBe('string')

    const profile = await getJson(`${server.url}/profile`, result.data.token)
    expect(profile).toEqual({ code: '000000', data: { userId: result.data.userId, registration: null } })
  })

  it('gives every login a new token, and the same user id for the same openid', async () => {
    const server = await startServer()
    const a1 = await login(server, 'alice')
    const a2 = await login(server, 'alice')
    const b = await login(server, 'bob')
    expect(a2.token).not.toBe(a1.token)
    expect(a2.userId).toBe(a1.userId)
    expect(b.userId).not.toBe(a1.userId)
    // The demo user is a fixed openid too.
    expect((await login(server)).userId).toBe((await login(server)).userId)
  })

  it('answers 001102 for a reused code, and for an unknown one', async () => {
    const server = await startServer()
    const code = await devCode(server)
    expect((await postJson(`${server.url}${LOGIN}`, { code })).code).toBe('000000')
    expect(await postJson(`${server.url}${LOGIN}`, { code })).toEqual({ code: '001102', message: 'invalid login code (40029)' })
    expect((await postJson(`${server.url}${LOGIN}`, { code: 'never-issued' })).code).toBe('001102')
    expect(server.stats.logins).toBe(1)
    expect(server.stats.exchanges).toBe(3)
  })

  it('answers 001102 for a code older than five minutes', async () => {
    const server = await startServer()
    // Only Date is faked: the real timers keep the HTTP server running.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
    const code = await devCode(server)
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1)
    expect((await postJson(`${server.url}${LOGIN}`, { code })).code).toBe('001102')
  })

  it('answers 001400 with the field when the code is missing', async () => {
    const server = await startServer()
    const result = await postJson(`${server.url}${LOGIN}`, {})
    expect(result.code).toBe('001400')
    expect(result.fields).toHaveProperty('code')
    expect(server.stats.exchanges).toBe(0)
  })

  it('calls a separate WeChat endpoint over HTTP and reports its errcode without leaking it as a bad code', async () => {
    // The second server plays api.weixin.qq.com with a different secret.
    const wechat = await startServer({ secret: 'the-real-secret' })
    const server = await startServer({ wxApiBase: `${wechat.url}/fake-wx/`, secret: 'a-wrong-secret' })
    const result = await postJson(`${server.url}${LOGIN}`, { code: await devCode(wechat) })
    expect(result).toEqual({ code: '001502', message: 'wechat login failed (40125)' })

    const right = await startServer({ wxApiBase: `${wechat.url}/fake-wx`, secret: 'the-real-secret' })
    expect((await postJson(`${right.url}${LOGIN}`, { code: await devCode(wechat, 'carol') })).code).toBe('000000')
  })

  it('answers 001502 when WeChat cannot be reached', async () => {
    const gone = await startServer()
    const wxApiBase = `${gone.url}/fake-wx`
    await gone.close()
    const server = await startServer({ wxApiBase })
    expect((await postJson(`${server.url}${LOGIN}`, { code: 'any' })).code).toBe('001502')
  })
})

describe('fake WeChat GET /fake-wx/sns/jscode2session', () => {
  const exchange = async (base: string, params: Record<string, string>) => {
    const response = await fetch(`${base}/fake-wx/sns/jscode2session?${new URLSearchParams(params)}`)
    // WeChat labels its JSON text/plain; clients must parse it regardless.
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
    return JSON.parse(await response.text())
  }

  it('answers like WeChat: openid and session_key once, then 40029; 40013 for a wrong appid; 40125 for a wrong secret', async () => {
    const server = await startServer({ appid: 'wx123', secret: 's3cret' })
    const params = { appid: 'wx123', secret: 's3cret', grant_type: 'authorization_code' }
    expect(await exchange(server.url, { ...params, appid: 'wx999', js_code: await devCode(server) })).toEqual({ errcode: 40013, errmsg: 'invalid appid' })
    expect(await exchange(server.url, { ...params, secret: 'nope', js_code: await devCode(server) })).toEqual({ errcode: 40125, errmsg: 'invalid appsecret' })

    const code = await devCode(server, 'dave')
    const first = await exchange(server.url, { ...params, js_code: code })
    expect(first.openid).toBe('dave')
    expect(typeof first.session_key).toBe('string')
    expect(await exchange(server.url, { ...params, js_code: code })).toEqual({ errcode: 40029, errmsg: 'invalid code' })
  })

  it('answers a guessed secret without a live code exactly as the right one, so it cannot be guessed', async () => {
    const server = await startServer({ appid: 'wx123', secret: 's3cret' })
    const params = { appid: 'wx123', grant_type: 'authorization_code', js_code: 'not-a-live-code' }
    const right = await exchange(server.url, { ...params, secret: 's3cret' })
    expect(right).toEqual({ errcode: 40029, errmsg: 'invalid code' })
    for (const secret of ['nope', 's3cre', 's3cret!', '']) expect(await exchange(server.url, { ...params, secret })).toEqual(right)
  })

  it('spends a code on a wrong secret too, so each guess costs a fresh code', async () => {
    const server = await startServer({ appid: 'wx123', secret: 's3cret' })
    const params = { appid: 'wx123', grant_type: 'authorization_code', js_code: await devCode(server) }
    expect((await exchange(server.url, { ...params, secret: 'nope' })).errcode).toBe(40125)
    expect(await exchange(server.url, { ...params, secret: 's3cret' })).toEqual({ errcode: 40029, errmsg: 'invalid code' })
  })

  it('rejects a dev code request for a malformed openid', async () => {
    const server = await startServer()
    const response = await fetch(`${server.url}/dev/code?openid=${encodeURIComponent('../x')}`)
    expect(response.status).toBe(400)
  })
})

describe.each(STORE_KINDS)('user ids on %s', (kind) => {
  it('are random, not a sequence that counts the users and invites guessing the next', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const ids = [await login(server, 'u1'), await login(server, 'u2'), await login(server, 'u1')].map((l) => l.userId)
    for (const id of ids) expect(id).toMatch(/^[\w-]{16}$/)
    expect(ids[2]).toBe(ids[0])
    expect(ids[1]).not.toBe(ids[0])
  })
})

