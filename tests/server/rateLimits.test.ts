import { describe, expect, it } from 'vitest'
import type { RunningServer } from '../../server/createServer'
import { bearer, devCode, freshStore, login, makePng, register, registeredUser, startServer, STORE_KINDS } from './helpers'

// Each dev instance has its own fake WeChat, so the code comes from the instance that exchanges it.
const loginAttempt = async (server: RunningServer, openid: string) =>
  fetch(`${server.url}/v1/cif/loginByCode.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: await devCode(server, openid) }),
  })

const expectLimited = async (response: Response) => {
  expect(response.status).toBe(429)
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
  expect((await response.json()).code).toBe('001429')
}

describe('limits shared by two instances on one PostgreSQL', () => {
  async function startPair(options = {}) {
    const store = await freshStore('postgres')
    const [a, b] = await Promise.all([startServer({ store, ...options }), startServer({ store, ...options })])
    return [a!, b!] as const
  }

  it('refuses the N + 1st login from one IP at N, spread across both', async () => {
    const [a, b] = await startPair({ loginsPerIpPerMinute: 4 })
    for (let i = 0; i < 4; i++) expect((await loginAttempt([a, b][i % 2]!, `ip-${i}`)).status).toBe(200)
    await expectLimited(await loginAttempt(b, 'ip-4'))
    await expectLimited(await loginAttempt(a, 'ip-5'))
  })

  it('refuses the N + 1st login of one user at N, spread across both', async () => {
    const [a, b] = await startPair({ loginsPerUserPerMinute: 3 })
    for (let i = 0; i < 3; i++) expect((await (await loginAttempt([a, b][i % 2]!, 'same')).json()).code).toBe('000000')
    await expectLimited(await loginAttempt(b, 'same'))
    expect((await (await loginAttempt(b, 'other')).json()).code).toBe('000000')
  })
})

describe.each(STORE_KINDS)('limits on every route, on %s', (kind) => {
  it('limits refreshes per client IP', async () => {
    const server = await startServer({ store: await freshStore(kind), refreshesPerIpPerMinute: 2 })
    const refresh = () => fetch(`${server.url}/v1/cif/refreshToken.do`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"refreshToken":"x"}' })
    for (let i = 0; i < 2; i++) expect((await refresh()).status).toBe(200)
    await expectLimited(await refresh())
  })

  it('limits registrations per user, without limiting other users', async () => {
    const server = await startServer({ store: await freshStore(kind), registersPerUserPerMinute: 2 })
    const ann = await registeredUser(server, 'ann')
    for (let i = 0; i < 2; i++) expect((await register(server, ann.token, undefined, ann.valid)).status).toBe(200)
    const limited = await register(server, ann.token, undefined, ann.valid)
    expect(limited.status).toBe(429)
    expect(Number(limited.retryAfter)).toBeGreaterThan(0)
    const bob = await registeredUser(server, 'bob')
    expect((await register(server, bob.token, undefined, bob.valid)).status).toBe(200)
  })

  it('limits uploads per user', async () => {
    const server = await startServer({ store: await freshStore(kind), uploadsPerUserPerMinute: 2 })
    const { token } = await login(server, 'cat')
    const send = (seed: number) => {
      const form = new FormData()
      form.append('file', new Blob([makePng(2, seed)]), 'a.png')
      return fetch(`${server.url}/upload`, { method: 'POST', headers: bearer(token), body: form })
    }
    for (let i = 0; i < 2; i++) expect((await (await send(i)).json()).code).toBe('000000')
    await expectLimited(await send(2))
  })
})
