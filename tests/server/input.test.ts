import { describe, expect, it } from 'vitest'
import { bearer, freshStore, registeredUser, startServer, STORE_KINDS } from './helpers'

const post = (url: string, token: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token), ...headers }, body })

describe.each(STORE_KINDS)('bad text on %s', (kind) => {
  it.each([
    ['a NUL', 'ann\u0000a'],
    ['a control character', 'ann\u0007a'],
    ['a right-to-left override', '\u202Eanna'],
    ['a zero-width space', 'an\u200Bna'],
    ['a bidi isolate', 'anna\u2066'],
    ['an unpaired surrogate', 'an\uD800na'],
  ])('refuses a nickname with %s, with HTTP 400 and nothing stored', async (_what, nickname) => {
    const server = await startServer({ store: await freshStore(kind) })
    const { token, valid } = await registeredUser(server, 'anna')
    const response = await post(`${server.url}/register`, token, JSON.stringify({ ...valid, nickname }))
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: '001400', fields: { nickname: expect.stringContaining('control or format') } })
    expect(await server.store.getRegistration('anna')).toBeUndefined()
  })

  it('stores a nickname in NFC, and keeps an emoji joined by ZWJ', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const { token, valid } = await registeredUser(server, 'zoe')
    const response = await post(`${server.url}/register`, token, JSON.stringify({ ...valid, nickname: 'Zoe\u0301 👩\u200D💻' }))
    expect((await response.json()).data.nickname).toBe('Zoé 👩\u200D💻')
  })

  it('refuses JSON nested deeper than 32 levels with HTTP 400, before fingerprinting an Idempotency-Key', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const { token } = await registeredUser(server, 'deep')
    const depth = 30_000
    const response = await post(`${server.url}/register`, token, `${'['.repeat(depth)}${']'.repeat(depth)}`, { 'idempotency-key': 'deep-1' })
    expect(response.status).toBe(400)
    expect((await response.json()).code).toBe('001400')
    const shallow = await post(`${server.url}/register`, token, JSON.stringify({ a: { b: { c: [[[1]]] } } }), { 'idempotency-key': 'deep-2' })
    expect(shallow.status).toBe(200)
  })
})
