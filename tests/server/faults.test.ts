import { describe, expect, it } from 'vitest'
import { bearer, devCode, getJson, login, makePng, postJson, startServer, upload } from './helpers'

const LOGIN = '/v1/cif/loginByCode.do'

describe('POST /admin/faults', () => {
  it('dropNextResponse runs and stores the action, then drops the answer; the keyed replay gets the stored one', async () => {
    const server = await startServer()
    const { token } = await login(server)
    const { data } = await upload(server, token, makePng())
    expect(await postJson(`${server.url}/admin/faults`, { dropNextResponse: '/register' })).toMatchObject({
      code: '000000',
      data: { dropNextResponse: '/register' },
    })

    const send = () =>
      fetch(`${server.url}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'drop-1', ...bearer(token) },
        body: JSON.stringify({ nickname: 'Ivy', phone: '13500135000', avatarUrl: data!.url, agree: true }),
      })
    await expect(send()).rejects.toThrow(TypeError)
    expect(await server.store.countRegistrations()).toBe(1)
    const profile = await getJson(`${server.url}/profile`, token)
    expect(profile.data.registration.nickname).toBe('Ivy')

    // Only the next response was dropped.
    const replay = await send()
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(await replay.json()).toEqual({ code: '000000', data: profile.data.registration })
    expect(server.faults.dropNextResponse).toBeNull()
  })

  it('login "down" resets the connection, "error500" answers HTTP 500, "bad-body" answers HTML; "ok" restores', async () => {
    const server = await startServer()
    const attempt = async () =>
      fetch(`${server.url}${LOGIN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: await devCode(server) }),
      })

    await postJson(`${server.url}/admin/faults`, { login: 'down' })
    await expect(attempt()).rejects.toThrow(TypeError)

    await postJson(`${server.url}/admin/faults`, { login: 'error500' })
    expect((await attempt()).status).toBe(500)

    await postJson(`${server.url}/admin/faults`, { login: 'bad-body' })
    const bad = await attempt()
    expect(bad.status).toBe(200)
    const text = await bad.text()
    expect(text).toMatch(/^<html>/)
    expect(() => JSON.parse(text)).toThrow()

    await postJson(`${server.url}/admin/faults`, { login: 'ok' })
    expect((await (await attempt()).json()).code).toBe('000000')
    expect(server.stats.logins).toBe(1)
    expect(server.stats.exchanges).toBe(1)
    expect(server.stats.loginRequests).toBe(4)
  })

  it('login "slow" waits loginDelayMs and then logs in', async () => {
    const server = await startServer()
    await postJson(`${server.url}/admin/faults`, { login: 'slow', loginDelayMs: 300 })
    const started = Date.now()
    await login(server)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('rejects unknown fault values and leaves the faults unchanged', async () => {
    const server = await startServer()
    const result = await postJson(`${server.url}/admin/faults`, { login: 'explode', latencyMs: -1, dropNextResponse: 'register' })
    expect(result.code).toBe('001400')
    expect(Object.keys(result.fields!).sort()).toEqual(['dropNextResponse', 'latencyMs', 'login'])
    expect(server.faults).toMatchObject({ login: 'ok', latencyMs: 0, dropNextResponse: null })
  })
})

describe('GET /admin/stats', () => {
  it('reports current and peak in-flight client requests', async () => {
    const server = await startServer()
    const { token } = await login(server)
    await postJson(`${server.url}/admin/stats/reset`, {})
    await postJson(`${server.url}/admin/faults`, { latencyMs: 150 })

    const burst = Promise.all(Array.from({ length: 6 }, () => getJson(`${server.url}/profile`, token)))
    await new Promise((resolve) => setTimeout(resolve, 75))
    const during = await getJson(`${server.url}/admin/stats`)
    expect(during.data.inFlight).toBe(6)
    await burst

    const after = await getJson(`${server.url}/admin/stats`)
    expect(after.data).toMatchObject({ inFlight: 0, peakInFlight: 6, logins: 0 })
    expect(after.data.recent).toHaveLength(6)
  })
})
