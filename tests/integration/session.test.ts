import { renewBeforeExpiry } from '../../src/index'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { settles, values } from '../support/settles'
import { until } from '../support/until'

let client: ClientSetup | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await client?.server.close()
  client = undefined
})

describe('cold start', () => {
  it('restores a persisted session: the first request carries it and causes no login', async () => {
    client = await setupClient()
    await client.store.login()
    const token = client.store.token
    const loginsBefore = client.uni.calls.login

    const next = client.restart()
    expect(next.store.token).toBe(token)
    expect(next.store.status).toBe('authenticated')
    values(await settles([next.api.get('/echo/x')]))
    expect(next.uni.calls.login).toBe(loginsBefore)
    expect(next.server.seen.at(-1)).toMatchObject({ token, valid: true })
  })

  it('persists only the token, its expiry and the user', async () => {
    client = await setupClient({
      exchange: async (code, http) => ({ ...(await http.post('/login', { code })).data, user: { id: 7 } }),
    })
    await client.store.login()
    const saved = client.uni.getStorageSync('uni-relogin:session') as Record<string, unknown>
    expect(Object.keys(saved).sort()).toEqual(['expiresAt', 'token', 'user'])
    expect(saved.user).toEqual({ id: 7 })
  })

  it('logs in on the first request when the restored token is already past its expiry', async () => {
    client = await setupClient({}, { expiresIn: 1 })
    await client.store.login()
    const saved = client.uni.getStorageSync('uni-relogin:session') as Record<string, unknown>
    client.uni.setStorageSync('uni-relogin:session', { ...saved, expiresAt: Date.now() - 1 })
    const next = client.restart()
    values(await settles([next.api.get('/echo/x')]))
    expect(next.uni.calls.login).toBe(2)
    expect(next.server.seen.every((s) => s.valid)).toBe(true)
  })

  it('keeps working in memory when storage throws on read and on write', async () => {
    client = await setupClient()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    client.uni.faults.storageWrite = true
    await client.store.login()
    client.uni.faults.storageRead = true
    const next = client.restart()
    values(await settles([next.api.get('/echo/x')]))
    expect(next.server.seen.every((s) => s.valid)).toBe(true)
    expect(warn).toHaveBeenCalled()
  })
})

describe('proactive refresh', () => {
  it('logs in before a known expiry instead of sending a request that would bounce', async () => {
    client = await setupClient({ features: [renewBeforeExpiry({ leadTime: 5_000 })] }, { expiresIn: 2 })
    await client.store.login()
    const first = client.store.token
    // Lifetime 2 s: the lead is capped at half of it, so after 1 s the next request refreshes first.
    // A sleep, because time itself is under test.
    await new Promise((resolve) => setTimeout(resolve, 1_050))
    values(await settles([client.api.get('/echo/x')]))
    expect(client.store.token).not.toBe(first)
    expect(client.server.seen.filter((s) => s.path === '/echo/x').map((s) => s.valid)).toEqual([true])
  })
})

describe('logout', () => {
  it('clears the session and storage, and rejects requests held by a login with ERR_CANCELED', async () => {
    client = await setupClient()
    client.server.loginFault = 'slow'
    const held = client.api.get('/echo/x')
    await until(() => client!.store.status === 'logging-in')
    client.store.logout()
    const [result] = await settles([held])
    expect(result!.status === 'rejected' && (result.reason as { code: string }).code).toBe('ERR_CANCELED')
    expect(client.store.token).toBeNull()
    expect(client.store.status).toBe('anonymous')
    expect(client.uni.getStorageSync('uni-relogin:session')).toBe('')
  })
})
