/**
 * `Idempotency-Key`, by the rules of the IETF httpapi draft "The Idempotency-Key HTTP Header Field"
 * and of Stripe's API, on both stores:
 * - the key is scoped to the user (and method and path) and bound to a fingerprint of the payload;
 *   reusing it with a different payload is an error: HTTP 422 (draft);
 * - a request with a key whose first request is still being processed gets HTTP 409 (draft);
 * - a result is saved only once the endpoint started executing: a request that failed validation
 *   or authentication, or conflicted with one executing concurrently, saves nothing, and a 5xx is
 *   not definitive either (Stripe);
 * - keys expire, e.g. after 24 hours (draft, Stripe).
 */
import { describe, expect, it } from 'vitest'
import { freshStore, instrumentRegister, login, postJson, register, registeredUser, startServer, STORE_KINDS, tempDir } from './helpers'

describe.each(STORE_KINDS)('Idempotency-Key on %s', (kind) => {
  it('replays the stored answer instead of running the action again, even after a restart', async () => {
    const dataDir = await tempDir()
    const store = await freshStore(kind)
    let server = await startServer({ dataDir, store, tokenTtlSeconds: 600 })
    const { token, valid } = await registeredUser(server, 'gina')
    const runs = instrumentRegister(server)

    const first = await register(server, token, 'key-1', valid)
    expect(first).toMatchObject({ status: 200, replayed: null, body: { code: '000000' } })
    expect(await register(server, token, 'key-1', valid)).toEqual({ ...first, replayed: 'true' })
    expect(runs.runs).toBe(1)

    await server.close()
    server = await startServer({ dataDir, store, tokenTtlSeconds: 600 })
    const afterRestart = instrumentRegister(server)
    expect(await register(server, token, 'key-1', valid)).toEqual({ ...first, replayed: 'true' })
    expect(afterRestart.runs).toBe(0)
  })

  it('scopes a key by the route, so a percent-encoded path is the same scope', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const { token, valid } = await registeredUser(server, 'ida')
    const runs = instrumentRegister(server)
    const first = await register(server, token, 'key-1', valid)
    const encoded = await fetch(`${server.url}/%72egister`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'key-1' },
      body: JSON.stringify(valid),
    })
    expect(encoded.headers.get('idempotent-replayed')).toBe('true')
    expect(await encoded.json()).toEqual(first.body)
    expect(runs.runs).toBe(1)
  })

  it('stores nothing for input refused before the action ran, so the corrected retry with the same key runs', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const { token, valid } = await registeredUser(server, 'hugo')
    const runs = instrumentRegister(server)

    const refused = await register(server, token, 'key-1', { ...valid, phone: 'x' })
    expect(refused.body).toMatchObject({ code: '001400', fields: { phone: expect.any(String) } })
    // The same mistaken body again is validated again, not replayed.
    expect((await register(server, token, 'key-1', { ...valid, phone: 'x' })).replayed).toBeNull()

    const corrected = await register(server, token, 'key-1', valid)
    expect(corrected).toMatchObject({ status: 200, replayed: null, body: { code: '000000' } })
    expect(runs.runs).toBe(1)
    expect(await server.store.countRegistrations()).toBe(1)
  })

  it('answers HTTP 422 when a used key comes back with a different body, and runs nothing', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const { token, valid } = await registeredUser(server, 'ines')
    const runs = instrumentRegister(server)
    expect((await register(server, token, 'key-1', valid)).body.code).toBe('000000')

    const changed = await register(server, token, 'key-1', { ...valid, nickname: 'Someone else' })
    expect(changed).toMatchObject({ status: 422, replayed: null, body: { code: '001422' } })
    // Key order is not content: the canonical body is the same.
    const reordered = Object.fromEntries(Object.entries(valid).reverse())
    expect((await register(server, token, 'key-1', reordered)).replayed).toBe('true')
    expect(runs.runs).toBe(1)
  })

  it('answers HTTP 409 with Retry-After while the first request with the key still runs, then replays', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const { token, valid } = await registeredUser(server, 'jack')
    const runs = instrumentRegister(server)
    let release!: () => void
    runs.hold = new Promise<void>((resolve) => (release = resolve))
    const entered = new Promise<void>((resolve) => (runs.entered = resolve))

    const first = register(server, token, 'key-1', valid)
    await entered
    const duplicate = await register(server, token, 'key-1', valid)
    expect(duplicate).toMatchObject({ status: 409, retryAfter: '1', body: { code: '001409' } })

    release()
    expect((await first).body.code).toBe('000000')
    expect((await register(server, token, 'key-1', valid)).replayed).toBe('true')
    expect(runs.runs).toBe(1)
  })

  it('runs the action once when many requests with one key arrive at the same moment', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const { token, valid } = await registeredUser(server, 'kate')
    const runs = instrumentRegister(server)
    const results = await Promise.all(Array.from({ length: 8 }, () => register(server, token, 'race', valid)))
    expect(runs.runs).toBe(1)
    // Each other request either saw the first still running or replayed its answer.
    expect(results.filter((r) => r.status === 200 && r.replayed === null)).toHaveLength(1)
    for (const r of results) expect([200, 409]).toContain(r.status)
  })

  it('does not store a 5xx, so a retry with the same key runs the action again', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const { token, valid } = await registeredUser(server, 'liam')
    const original = server.store.registerOnce.bind(server.store)
    server.store.registerOnce = async () => {
      server.store.registerOnce = original
      throw new Error('database hiccup')
    }
    expect(await register(server, token, 'key-1', valid)).toMatchObject({ status: 500, body: { code: '001500' } })
    expect(await register(server, token, 'key-1', valid)).toMatchObject({ status: 200, replayed: null, body: { code: '000000' } })
  })

  it('does not store an expiry answer, so the replay after re-login runs the action', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const { token: stale, valid } = await registeredUser(server, 'hank')
    await postJson(`${server.url}/admin/expire-tokens`, {})
    expect((await register(server, stale, 'key-x', valid)).body.code).toBe('001101')

    const { token } = await login(server, 'hank')
    expect(await register(server, token, 'key-x', valid)).toMatchObject({ replayed: null, body: { code: '000000' } })
  })

  it('forgets a key once its record expires (idempotencyTtlSeconds), and purges the record', async () => {
    let now = Date.now()
    const server = await startServer({ store: await freshStore(kind), clock: () => now, tokenTtlSeconds: 3600, idempotencyTtlSeconds: 60 })
    const { token, valid } = await registeredUser(server, 'mona')
    const runs = instrumentRegister(server)
    expect((await register(server, token, 'key-1', valid)).body.code).toBe('000000')

    now += 59_000
    expect((await register(server, token, 'key-1', valid)).replayed).toBe('true')
    now += 1_000
    // Expired: a new body is no longer a mismatch, it is a new request.
    expect(await register(server, token, 'key-1', { ...valid, nickname: 'Mona 2' })).toMatchObject({ status: 200, replayed: null })
    expect(runs.runs).toBe(2)

    const scope = { openid: 'mona', method: 'POST', path: '/register', key: 'key-1' }
    now += 60_000
    await server.store.purgeExpired(now, 0)
    const claim = { ...scope, fingerprint: 'f', createdAt: now, expiresAt: now + 1 }
    expect(await server.store.claimIdempotency(claim, now - 60_000)).toBeUndefined()
  })

  it('scopes keys per user, and refuses a key that is too long', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const alice = await registeredUser(server, 'alice')
    const bob = await registeredUser(server, 'bob')
    expect((await register(server, alice.token, 'shared', alice.valid)).replayed).toBeNull()
    expect(await register(server, bob.token, 'shared', bob.valid)).toMatchObject({ replayed: null, body: { data: { nickname: 'bob' } } })
    expect((await register(server, alice.token, 'k'.repeat(201), alice.valid)).body.fields).toHaveProperty('idempotencyKey')
  })
})
