import { describe, expect, it } from 'vitest'
import { bearer, devCode, getJson, postJson, startServer } from './helpers'

const loginUrl = (url: string) => `${url}/v1/cif/loginByCode.do`
const bindUrl = (url: string) => `${url}/v1/cif/bindPhone.do`

describe('phone binding (the interactive login step)', () => {
  it('answers 001103 with a one-time ticket until the user binds, then logs in for good', async () => {
    const server = await startServer()
    server.faults.requireBinding = true
    const first = await postJson<{ ticket: string }>(loginUrl(server.url), { code: await devCode(server, 'alice') })
    expect(first.code).toBe('001103')
    const ticket = first.data!.ticket

    const bound = await postJson<{ token: string }>(bindUrl(server.url), { ticket, phone: '13912345678' })
    expect(bound.code).toBe('000000')
    expect((await getJson(`${server.url}/profile`, bound.data!.token)).code).toBe('000000')

    // Used once only.
    expect((await postJson(bindUrl(server.url), { ticket, phone: '13912345678' })).code).toBe('001102')
    // Bound now: silent login works again.
    expect((await postJson(loginUrl(server.url), { code: await devCode(server, 'alice') })).code).toBe('000000')
  })

  it('accepts a getPhoneNumber code instead of a typed phone, and validates input', async () => {
    const server = await startServer()
    server.faults.requireBinding = true
    const { data } = await postJson<{ ticket: string }>(loginUrl(server.url), { code: await devCode(server, 'bob') })
    expect((await postJson(bindUrl(server.url), { ticket: data!.ticket, phone: '123' })).fields).toHaveProperty('phone')
    const bound = await postJson<{ token: string }>(bindUrl(server.url), { ticket: data!.ticket, phoneCode: 'wx-phone-code' })
    expect(bound.code).toBe('000000')
    expect(bearer(bound.data!.token).authorization).toMatch(/^Bearer /)
  })
})

describe('phone binding without --dev', () => {
  it('verifies a getPhoneNumber code with WeChat, refusing one it does not accept without spending the ticket', async () => {
    // A dev server plays WeChat: its fake answers each phone code once, as WeChat does.
    const wechat = await startServer()
    const server = await startServer({ dev: false, appid: 'wx-dev-appid', secret: 'wx-dev-secret', wxApiBase: `${wechat.url}/fake-wx` })
    server.faults.requireBinding = true
    const ticketFor = async (openid: string) =>
      (await postJson<{ ticket: string }>(loginUrl(server.url), { code: await devCode(wechat, openid) })).data!.ticket

    expect((await postJson(bindUrl(server.url), { ticket: await ticketFor('carl'), phoneCode: 'code-1' })).code).toBe('000000')
    const ticket = await ticketFor('dina')
    const reused = await postJson(bindUrl(server.url), { ticket, phoneCode: 'code-1' })
    expect(reused).toMatchObject({ code: '001400', fields: { phoneCode: expect.stringContaining('40029') } })
    expect((await postJson(bindUrl(server.url), { ticket, phoneCode: 'code-2' })).code).toBe('000000')
  })
})

