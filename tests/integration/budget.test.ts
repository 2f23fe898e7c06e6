import { afterEach, describe, expect, it, vi } from 'vitest'
import { jwtExpiresIn, type LoginResult, renewBeforeExpiry } from '../../src/index'
import { holdResponses } from '../support/holdResponses'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, reasons, settles, values } from '../support/settles'

let client: ClientSetup | undefined
afterEach(async () => {
  vi.useRealTimers()
  await client?.server.close()
  client = undefined
})

async function loggedIn(...args: Parameters<typeof setupClient>) {
  client = await setupClient(...args)
  await client.store.login()
  return client
}

/** Runs `n` requests one after another and returns how each ended. */
async function oneByOne(setup: ClientSetup, n: number, path = '/echo/x') {
  const outcomes: unknown[] = []
  for (let i = 0; i < n; i++) outcomes.push(await setup.api.get(path).then(() => 'ok', codeOf))
  return outcomes
}

describe('the re-login budget counts the logins a request caused', () => {
  it('a bounce with a token older than the current one replays for free', async () => {
    const { api, server, store, uni } = await loggedIn()
    let first = true
    const held = holdResponses(uni, (url) => first && url.includes('/echo/slow') && !(first = false))
    server.expireAll()
    // The slow request leaves with T1 and its 401 is held back…
    const slow = api.get('/echo/slow')
    await held.arrivals(1)
    // …while another request logs in to T2, and T2 expires too.
    values(await settles([api.get('/echo/fast')]))
    const t2 = store.token
    server.expireAll()
    // The slow request's T1 bounce replays at once (no cost); its T2 bounce is its own first re-login.
    held.release()
    values(await settles([slow]))
    expect(store.token).not.toBe(t2)
    expect(server.seen.filter((s) => s.path === '/echo/slow')).toHaveLength(3)
  })
})

describe('the login budget', () => {
  it('a failed login opens a cool-down: requests meanwhile reject at once, without uni.login', async () => {
    client = await setupClient({ loginCooldown: 60_000 })
    client.server.loginFault = 'error500'
    expect(await oneByOne(client, 1)).toEqual(['ERR_LOGIN'])
    const logins = client.uni.calls.login
    expect(await oneByOne(client, 20)).toEqual(Array(20).fill('ERR_LOGIN'))
    expect(client.uni.calls.login).toBe(logins)
  })

  it('the cool-down grows with each failure and ends with a success', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    client = await setupClient({ loginCooldown: 1_000 })
    const { server, uni } = client
    server.loginFault = 'error500'
    await oneByOne(client, 1)
    vi.setSystemTime(Date.now() + 1_001)
    await oneByOne(client, 1)
    expect(uni.calls.login).toBe(2)
    // The second failure doubled the cool-down: 1 s later it is still closed.
    vi.setSystemTime(Date.now() + 1_001)
    expect(await oneByOne(client, 1)).toEqual(['ERR_LOGIN'])
    expect(uni.calls.login).toBe(2)
    vi.setSystemTime(Date.now() + 1_000)
    server.loginFault = null
    expect(await oneByOne(client, 1)).toEqual(['ok'])
    // A success resets it: the next failure opens only the first step again.
    server.expireAll()
    server.loginFault = 'error500'
    await oneByOne(client, 1)
    vi.setSystemTime(Date.now() + 1_001)
    server.loginFault = null
    expect(await oneByOne(client, 1)).toEqual(['ok'])
  })

  it('caps logins per minute and fails fast past the cap with ERR_LOGIN_LIMIT', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { server, uni } = await loggedIn({ maxLoginsPerMinute: 3 })
    const outcomes: unknown[] = []
    for (let i = 0; i < 4; i++) {
      server.expireAll()
      outcomes.push(...(await oneByOne(client!, 1)))
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ERR_LOGIN_LIMIT', 'ERR_LOGIN_LIMIT'])
    expect(uni.calls.login).toBe(3)
    vi.setSystemTime(Date.now() + 60_001)
    expect(await oneByOne(client!, 1)).toEqual(['ok'])
  })

  it('keeps the session it just obtained when one endpoint refuses it', async () => {
    const { api, server, uni, store } = await loggedIn()
    expect(reasons(await settles([api.get('/status/401')])).map(codeOf)).toEqual(['ERR_RELOGIN_LOOP'])
    const token = store.token
    const logins = uni.calls.login
    values(await settles([api.get('/echo/x')]))
    expect(uni.calls.login).toBe(logins)
    expect(server.seen.at(-1)).toMatchObject({ token, valid: true })
  })
})

describe('clock skew', () => {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  /** A JWT around the backend's opaque token; `applyToken` sends the inner one. */
  const jwtOptions = (claims: (now: number) => object) => ({
    exchange: async (code: string, http: { post(url: string, data: unknown): Promise<{ data: unknown }> }) => {
      const { token } = (await http.post('/login', { code })).data as LoginResult
      const now = Math.floor(Date.now() / 1000)
      const jwt = `${b64({ alg: 'HS256' })}.${b64({ sub: token, ...claims(now) })}.sig`
      return { token: jwt, expiresIn: jwtExpiresIn(jwt) }
    },
    applyToken: (config: { header?: Record<string, string> }, jwt: string) => {
      const { sub } = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { sub: string }
      config.header = { ...config.header, Authorization: `Bearer ${sub}` }
    },
  })

  it('a phone clock ahead of the server does not make every request log in', async () => {
    // The server's clock is two hours behind the phone's: exp is already past on arrival.
    client = await setupClient(jwtOptions((now) => ({ iat: now - 7200, exp: now - 3600 })) as never)
    expect(await oneByOne(client, 10)).toEqual(Array(10).fill('ok'))
    expect(client.uni.calls.login).toBe(1)
  })

  it('an exp already past with no iat is ignored, not a login per request', async () => {
    client = await setupClient(jwtOptions((now) => ({ exp: now - 3600 })) as never)
    expect(await oneByOne(client, 10)).toEqual(Array(10).fill('ok'))
    expect(client.uni.calls.login).toBe(1)
  })

  it('takes the lifetime as exp − iat from the moment of receipt', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const options = jwtOptions((now) => ({ iat: now - 7200, exp: now - 7200 + 600 }))
    client = await setupClient({ ...options, features: [renewBeforeExpiry()] } as never)
    expect(await oneByOne(client, 3)).toEqual(['ok', 'ok', 'ok'])
    expect(client.uni.calls.login).toBe(1)
    vi.setSystemTime(Date.now() + 596_000)
    expect(await oneByOne(client, 1)).toEqual(['ok'])
    // 10 minutes after receipt, less the 5 s lead time: renewed before the request, none wasted.
    expect(client.uni.calls.login).toBe(2)
    expect(client.server.seen.every((s) => s.valid)).toBe(true)
  })
})
