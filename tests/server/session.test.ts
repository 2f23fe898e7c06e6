import { describe, expect, it } from 'vitest'
import { getJson, login, makePng, postJson, startServer, upload, within } from './helpers'

const EXPIRED = { code: '001101', message: 'token expired' }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('token expiry', () => {
  it('answers 001101 with HTTP 200 for a missing, unknown or malformed token', async () => {
    const server = await startServer()
    for (const authorization of [undefined, 'Bearer not-a-token', 'Basic abc', 'Bearer']) {
      const response = await fetch(`${server.url}/profile`, { headers: authorization ? { authorization } : {} })
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual(EXPIRED)
    }
  })

  it('expires every session on POST /admin/expire-tokens, and a new login works again', async () => {
    const server = await startServer()
    const alice = await login(server, 'alice')
    const bob = await login(server, 'bob')
    expect((await getJson(`${server.url}/profile`, alice.token)).code).toBe('000000')

    const expired = await postJson(`${server.url}/admin/expire-tokens`, {})
    expect(expired).toEqual({ code: '000000', data: { expired: 2 } })
    expect(await getJson(`${server.url}/profile`, alice.token)).toEqual(EXPIRED)
    expect(await getJson(`${server.url}/profile`, bob.token)).toEqual(EXPIRED)

    const again = await login(server, 'alice')
    expect((await getJson(`${server.url}/profile`, again.token)).code).toBe('000000')
  })

  it('expires a token after its TTL', async () => {
    const server = await startServer({ tokenTtlSeconds: 1 })
    const { token, expiresIn } = await login(server)
    expect(expiresIn).toBe(1)
    expect((await getJson(`${server.url}/profile`, token)).code).toBe('000000')
    await sleep(1100)
    expect(await getJson(`${server.url}/profile`, token)).toEqual(EXPIRED)
  })

  it('answers an expired upload with 001101 before reading its body, and still closes promptly', async () => {
    const server = await startServer()
    const { token } = await login(server)
    await postJson(`${server.url}/admin/expire-tokens`, {})
    // Bigger than a socket buffer, so the body is still arriving when the answer goes out.
    expect(await upload(server, token, Buffer.concat([makePng(), Buffer.alloc(1024 * 1024)]))).toEqual(EXPIRED)
    expect(server.stats.recent.at(-1)).toEqual({ method: 'POST', path: '/upload', tokenState: 'expired' })
    // The connection was mid-body when answered; close() must still not wait for its keep-alive timeout.
    await within(server.close(), 2000)
  })

  it('logs each authenticated request with the state of its token, never the token', async () => {
    const server = await startServer()
    const { token } = await login(server)
    await getJson(`${server.url}/profile`, token)
    await getJson(`${server.url}/profile`, 'forged')
    await getJson(`${server.url}/profile?x=1`)
    await postJson(`${server.url}/admin/expire-tokens`, {})
    await postJson(`${server.url}/register`, {}, { authorization: `Bearer ${token}` })

    const stats = await getJson(`${server.url}/admin/stats`)
    expect(stats.data.recent).toEqual([
      { method: 'GET', path: '/profile', tokenState: 'valid' },
      { method: 'GET', path: '/profile', tokenState: 'unknown' },
      { method: 'GET', path: '/profile', tokenState: 'missing' },
      { method: 'POST', path: '/register', tokenState: 'expired' },
    ])
    expect(stats.data.logins).toBe(1)
    expect(JSON.stringify(stats)).not.toContain(token)
  })

  it('keeps no raw token in the database', async () => {
    const server = await startServer()
    const { token } = await login(server)
    expect(await server.store.findSession(token)).toBeUndefined()
  })
})
