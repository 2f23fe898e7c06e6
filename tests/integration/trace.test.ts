import { afterEach, describe, expect, it, vi } from 'vitest'
import { ReloginError, refreshTokens, traceRecorder, type LoginResult, type ReloginEvent } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { reasons, settles, values } from '../support/settles'

let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

/** Every token and refresh token the backend issued in the test, as the client saw them. */
function collector() {
  const secrets: string[] = []
  const keep = (result: LoginResult) => {
    secrets.push(result.token, result.refreshToken ?? '')
    return result
  }
  return { secrets, keep }
}

function expectNoSecret(payload: unknown, secrets: string[]) {
  const text = JSON.stringify(payload)
  expect(secrets.filter(Boolean).length).toBeGreaterThan(0)
  for (const secret of secrets.filter(Boolean)) expect(text).not.toContain(secret)
  expect(text).not.toMatch(/Bearer|Authorization/i)
}

describe('events carry ids and timestamps', () => {
  it('stamps every event, gives the login its run id and each replayed request its own id', async () => {
    const events: ReloginEvent[] = []
    client = await setupClient({ onEvent: (event) => events.push(event) })
    await client.store.login()
    const first = events.find((event) => event.type === 'login:start')!
    events.length = 0
    client.server.expireAll()
    const before = Date.now()
    values(await settles([client.api.get('/echo/a'), client.api.get('/echo/b'), client.api.get('/echo/c')]))
    const after = Date.now()
    expect(events.map((event) => event.type).sort()).toEqual([
      'login:start',
      'login:success',
      ...['request:replay', 'request:replay', 'request:replay'],
      ...['request:settled', 'request:settled', 'request:settled'],
    ])
    const runs = events.flatMap((event) => ('run' in event ? [event.run] : []))
    expect(runs).toEqual([runs[0], runs[0]])
    expect(runs[0]).toBeGreaterThan('run' in first ? first.run : Infinity)
    const ids = events.flatMap((event) => ('id' in event ? [event.id] : []))
    expect(new Set(ids).size).toBe(3)
    for (const event of events) expect(event.at).toSatisfy((at: number) => at >= before && at <= after)
    // Each request's story ends with its result, under the same id, after its replay.
    for (const id of new Set(ids)) {
      const own = events.filter((event) => 'id' in event && event.id === id)
      expect(own).toMatchObject([{ type: 'request:replay' }, { type: 'request:settled', ok: true, status: 200 }])
    }
  })

  it('tells the end of a request only if it had a story: a request that never waited costs no event', async () => {
    const events: ReloginEvent[] = []
    client = await setupClient({ onEvent: (event) => events.push(event) })
    await client.store.login()
    events.length = 0
    values(await settles([client.api.get('/echo/a')]))
    await expect(client.api.get('/status/404')).rejects.toMatchObject({ code: 'ERR_HTTP' })
    expect(events).toEqual([])
    client.server.expireAll()
    client.server.failNextLogins = 1
    await expect(client.api.get('/echo/b')).rejects.toMatchObject({ code: 'ERR_LOGIN' })
    expect(events.at(-1)).toMatchObject({ type: 'request:settled', ok: false, code: 'ERR_LOGIN', request: { method: 'GET', url: '/echo/b' } })
  })
})

describe("a feature's onEvent", () => {
  it('hears every event after the app does, stamped, and a throw in it is reported and changes no outcome', async () => {
    const report = vi.spyOn(console, 'error').mockImplementation(() => {})
    const order: string[] = []
    const bug = new Error('feature listener bug')
    client = await setupClient({
      onEvent: (event) => order.push(`app ${event.type}`),
      features: [
        {
          onEvent: (event) => {
            order.push(`feature ${event.type} ${typeof event.at}`)
            throw bug
          },
        },
      ],
    })
    await client.store.login()
    client.server.expireAll()
    values(await settles([client.api.get('/echo/a')]))
    expect(order.slice(-2)).toEqual(['app request:settled', 'feature request:settled number'])
    expect(order.filter((line) => line.startsWith('feature'))).toHaveLength(order.length / 2)
    expect(report.mock.calls.length).toBe(order.length / 2)
    expect(report.mock.calls.every((args) => args.includes(bug))).toBe(true)
    report.mockRestore()
  })
})

describe('traceRecorder()', () => {
  it('maps one expiry to a login span and a span per replayed request, linked to that run', async () => {
    const recorder = traceRecorder()
    client = await setupClient({ features: [recorder] })
    await client.store.login()
    client.server.expireAll()
    values(await settles([client.api.get('/echo/a?phone=13800000000'), client.api.post('/echo/b', { x: 1 })]))
    const { spans } = recorder.trace()
    const logins = spans.filter((span) => span.name === 'login')
    expect(logins).toHaveLength(2)
    const expiry = logins[1]!
    expect(expiry.status).toEqual({ code: 'ok' })
    expect(expiry.events.map((event) => event.name)).toEqual(['login:start', 'login:success'])
    const requests = spans.filter((span) => span.spanId.startsWith('request-'))
    expect(requests.map((span) => span.name).sort()).toEqual(['GET /echo/a', 'POST /echo/b'])
    for (const span of requests) {
      expect(span.links).toEqual([{ spanId: expiry.spanId }])
      // It ends with its result: the span's status and its last event.
      expect(span.status).toEqual({ code: 'ok' })
      expect(span.events.at(-1)).toMatchObject({ name: 'request:settled', attributes: { 'http.response.status_code': 200 } })
      expect(span.endTime).toBeGreaterThanOrEqual(expiry.endTime)
    }
    expect(JSON.stringify(spans)).not.toContain('13800000000')
  })

  it("ends a failed request's span in error, with its code", async () => {
    const recorder = traceRecorder()
    client = await setupClient({ features: [recorder] })
    await client.store.login()
    client.server.expireAll()
    client.server.failNextLogins = 1
    await expect(client.api.get('/echo/a')).rejects.toMatchObject({ code: 'ERR_LOGIN' })
    const span = recorder.trace().spans.find((each) => each.name === 'GET /echo/a')!
    expect(span.status).toEqual({ code: 'error', message: 'ERR_LOGIN' })
    expect(span.events.at(-1)).toMatchObject({ name: 'request:settled', attributes: { 'error.code': 'ERR_LOGIN' } })
  })

  it('keeps only the last `size` events', async () => {
    const recorder = traceRecorder({ size: 3 })
    const events: ReloginEvent[] = []
    client = await setupClient({ onEvent: (event) => events.push(event), features: [recorder] })
    await client.store.login()
    client.server.expireAll()
    values(await settles([client.api.get('/echo/a'), client.api.get('/echo/b')]))
    expect(events.length).toBeGreaterThan(3)
    expect(recorder.trace().events.map(({ type, at }) => ({ type, at }))).toEqual(events.slice(-3).map(({ type, at }) => ({ type, at })))
  })

  it('rejects a size that is not a positive integer with a TypeError naming it', () => {
    expect(() => traceRecorder({ size: 0 })).toThrow(TypeError)
    expect(() => traceRecorder({ size: 0 })).toThrow(/size/)
  })

  it('never holds a token, a refresh token or a response body, through a refresh, a re-login and a failed login', async () => {
    const { secrets, keep } = collector()
    const recorder = traceRecorder()
    let refused = false
    client = await setupClient({
      exchange: async (code, http) => {
        const { data } = await http.post('/login', { code })
        // A failing exchange whose error carries a body that echoes the token: it must not pass.
        if (refused) throw new ReloginError('ERR_LOGIN', 'Login refused', { response: { statusCode: 403, data, header: { Authorization: `Bearer ${data.token}` } } })
        return keep(data as LoginResult)
      },
      features: [recorder, refreshTokens(async ({ refreshToken }, http) => keep((await http.post('/refresh', { refreshToken })).data as LoginResult))],
    })
    await client.store.login()
    client.server.expireAll()
    values(await settles([client.api.get('/echo/a'), client.api.get('/echo/b')]))
    expect(client.server.refreshes).toBe(1)
    refused = true
    client.store.logout()
    reasons(await settles([client.api.get('/echo/c')]))
    const trace = recorder.trace()
    expect(trace.events.some((event) => event.error?.code === 'ERR_LOGIN')).toBe(true)
    expectNoSecret(trace, [...secrets, ...client.server.seen.map((seen) => seen.token ?? '')])
  })
})
