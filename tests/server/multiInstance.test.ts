import { describe, expect, it } from 'vitest'
import type { ServerOptions } from '../../server/options'
import { bearer, freshStore, getJson, instrumentRegister, login, makePng, postJson, register, registeredUser, startServer, upload } from './helpers'

/**
 * Two backend instances on one PostgreSQL database, as behind a load balancer: they share
 * nothing but the database (each has its own pool, routes and memory).
 */
async function startPair(options: ServerOptions = {}) {
  const store = await freshStore('postgres')
  const [a, b] = await Promise.all([startServer({ store, ...options }), startServer({ store, ...options })])
  return { a: a!, b: b! }
}

describe('two instances on one PostgreSQL', () => {
  it('migrates once when both start together, and a token issued by A works on B', async () => {
    const { a, b } = await startPair()
    const { token } = await login(a, 'xena')
    expect((await getJson(`${b.url}/profile`, token)).code).toBe('000000')
  })

  it('replays through B a submit that A answered, running it once', async () => {
    const { a, b } = await startPair()
    const runs = instrumentRegister(a, b)
    const { token, valid: form } = await registeredUser(a, 'yuri')

    const first = await register(a, token, 'submit-1', form)
    expect(first).toMatchObject({ status: 200, replayed: null, body: { code: '000000' } })
    expect(await register(b, token, 'submit-1', form)).toEqual({ ...first, replayed: 'true' })
    expect(runs.runs).toBe(1)
  })

  it('runs once when the same key reaches A and B at the same moment', async () => {
    const { a, b } = await startPair()
    const runs = instrumentRegister(a, b)
    const { token, valid: form } = await registeredUser(a, 'zoe')

    const results = await Promise.all([a, b, a, b].map((server) => register(server, token, 'same-moment', form)))
    expect(runs.runs).toBe(1)
    expect(results.filter((r) => r.status === 200 && r.replayed === null)).toHaveLength(1)
    for (const r of results) expect([200, 409]).toContain(r.status)
  })

  it('refuses on B a refresh token already rotated on A, and revokes the family', async () => {
    const { a, b } = await startPair({ refreshReuseSeconds: 0 })
    const { refreshToken } = await login(a, 'abel')
    const rotated = await postJson(`${a.url}/v1/cif/refreshToken.do`, { refreshToken })
    expect(rotated.code).toBe('000000')

    expect((await postJson(`${b.url}/v1/cif/refreshToken.do`, { refreshToken })).code).toBe('001104')
    expect((await getJson(`${a.url}/profile`, rotated.data.token)).code).toBe('001101')
  })

  it('serves through B an upload made through A', async () => {
    const { a, b } = await startPair()
    const { token } = await login(a, 'bea')
    const png = makePng(12, 3)
    const { data } = await upload(a, token, png)
    const served = await fetch(`${b.url}/files/${data!.url.slice('/uploads/'.length)}`, { headers: bearer(token) })
    expect(served.status).toBe(200)
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png)
  })
})
