import { describe, expect, it } from 'vitest'
import { bearer, login, makePng, postJson, startServer, tempDir, upload } from './helpers'

const register = async (url: string, token: string, key: string | undefined, body: object) => {
  const response = await fetch(`${url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token), ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  })
  return { replayed: response.headers.get('idempotent-replayed'), body: await response.json() }
}

describe('Idempotency-Key', () => {
  it('replays the stored response instead of running the action again, even after a restart', async () => {
    const dataDir = await tempDir()
    let server = await startServer({ dataDir })
    const { token } = await login(server, 'gina')
    const { data } = await upload(server, token, makePng())
    const valid = { nickname: 'Gina', phone: '13700137000', avatarUrl: data!.url, agree: true }

    // The first answer for the key is a validation failure; it is definitive, so it is stored.
    const first = await register(server.url, token, 'key-1', { ...valid, phone: 'x' })
    expect(first.body.code).toBe('001400')
    expect(first.replayed).toBeNull()

    // Same key, now valid input: if the action ran again it would register.
    const replay = await register(server.url, token, 'key-1', valid)
    expect(replay).toEqual({ replayed: 'true', body: first.body })
    expect(server.store.countRegistrations()).toBe(0)

    await server.close()
    server = await startServer({ dataDir })
    expect(await register(server.url, token, 'key-1', valid)).toEqual({ replayed: 'true', body: first.body })
    expect(server.store.countRegistrations()).toBe(0)

    // A fresh key runs the action.
    expect((await register(server.url, token, 'key-2', valid)).body.code).toBe('000000')
    expect(server.store.countRegistrations()).toBe(1)
  })

  it('scopes keys per user', async () => {
    const server = await startServer()
    const alice = await login(server, 'alice')
    const bob = await login(server, 'bob')
    const a = await register(server.url, alice.token, 'shared', {})
    const b = await register(server.url, bob.token, 'shared', { nickname: 'b' })
    expect(b.replayed).toBeNull()
    expect(Object.keys(b.body.fields)).not.toContain('nickname')
    expect(Object.keys(a.body.fields)).toContain('nickname')
  })

  it('does not store an expiry answer, so the replay after re-login runs the action', async () => {
    const server = await startServer()
    const { token: stale } = await login(server, 'hank')
    await postJson(`${server.url}/admin/expire-tokens`, {})
    expect((await register(server.url, stale, 'key-x', {})).body.code).toBe('001101')

    const { token } = await login(server, 'hank')
    const { data } = await upload(server, token, makePng())
    const result = await register(server.url, token, 'key-x', { nickname: 'Hank', phone: '13600136000', avatarUrl: data!.url, agree: true })
    expect(result.replayed).toBeNull()
    expect(result.body.code).toBe('000000')
  })

  it('runs the action once when requests with the same key race', async () => {
    const server = await startServer()
    const { token } = await login(server)
    server.faults.latencyMs = 50
    const results = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const response = await fetch(`${server.url}/upload`, {
          method: 'POST',
          headers: { ...bearer(token), 'idempotency-key': 'race' },
          body: (() => {
            const form = new FormData()
            form.append('file', new Blob([makePng()]), 'a.png')
            return form
          })(),
        })
        return response.headers.get('idempotent-replayed')
      }),
    )
    expect(results.filter((replayed) => replayed === null)).toHaveLength(1)
    expect(results.filter((replayed) => replayed === 'true')).toHaveLength(3)
  })

  it('refuses a key reused for a different route, and a key that is too long', async () => {
    const server = await startServer()
    const { token } = await login(server)
    await register(server.url, token, 'k', {})
    const elsewhere = await fetch(`${server.url}/upload`, { method: 'POST', headers: { ...bearer(token), 'idempotency-key': 'k' } })
    expect((await elsewhere.json()).code).toBe('001409')
    expect((await register(server.url, token, 'k'.repeat(201), {})).body.fields).toHaveProperty('idempotencyKey')
  })
})
