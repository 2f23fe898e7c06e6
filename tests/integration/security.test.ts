import { inspect } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isReloginError } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { settles } from '../support/settles'
import { startApiServer, type ApiServer } from '../support/startApiServer'

let client: ClientSetup | undefined
let other: ApiServer | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await client?.server.close()
  await other?.close()
  client = other = undefined
})

describe('the token goes only to the API', () => {
  it('is attached for the baseURL origin and never for an absolute URL to another host', async () => {
    client = await setupClient()
    other = await startApiServer()
    await client.store.login()
    const own = await client.api.get<{ authorization: string | null }>('/public/echo')
    const foreign = await client.api.get<{ authorization: string | null }>(`${other.url}/public/echo`)
    // Same host, other port: another origin.
    expect(own.authorization).toBe(`Bearer ${client.store.token}`)
    expect(foreign.authorization).toBeNull()
  })

  it('is not attached when userinfo disguises another host as the API', async () => {
    client = await setupClient()
    other = await startApiServer()
    await client.store.login()
    const disguised = other.url.replace('http://', `http://${client.server.url.slice('http://'.length)}@`)
    const result = await client.api.get<{ authorization: string | null }>(`${disguised}/public/echo`)
    // (Node turns the userinfo itself into Basic auth, as a browser would; the token must not be there.)
    expect(result.authorization ?? '').not.toContain('Bearer')
  })

  it('is not attached, and no login happens, when auth is false', async () => {
    client = await setupClient()
    const result = await client.api.get<{ authorization: string | null }>('/public/echo', { auth: false })
    expect(result.authorization).toBeNull()
    expect(client.uni.calls.login).toBe(0)
  })

  it('never appears in console output or in error messages', async () => {
    const printed: string[] = []
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args) => void printed.push(args.map(String).join(' ')))
    }
    client = await setupClient()
    const { api, server, store, uni } = client
    await store.login()
    const tokens = [store.token!]
    server.expireAll()
    uni.faults.storageWrite = true
    await api.get('/echo/x')
    tokens.push(store.token!)
    const failures = [api.get('/status/500'), api.get('/reset')]
    await settles(failures)
    server.expireOnIssue = true
    server.expireAll()
    failures.push(api.get('/echo/y'))
    const results = await settles(failures)
    tokens.push(store.token!)
    const errors = results.map((r) => (r.status === 'rejected' ? r.reason : null)).filter((e) => isReloginError(e))
    expect(errors.map((e) => e.code)).toEqual(['ERR_HTTP', 'ERR_NETWORK', 'ERR_RELOGIN_LOOP'])
    const text = [...printed, ...errors.map((e) => inspect(e, { depth: 10 }))].join('\n')
    expect(printed.length).toBeGreaterThan(0)
    for (const token of tokens) {
      const at = text.indexOf(token)
      expect(at === -1 ? "" : text.slice(Math.max(0, at - 300), at + 40)).toBe("")
    }
  })
})
