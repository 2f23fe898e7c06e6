import { afterEach, describe, expect, it, vi } from 'vitest'
import { jwtExpiresIn, type LoginResult, refreshTokens, renewBeforeExpiry } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, settles, values } from '../support/settles'

let client: ClientSetup | undefined
afterEach(async () => {
  vi.useRealTimers()
  await client?.server.close()
  client = undefined
})

const refresh = refreshTokens(async ({ refreshToken }, http) => (await http.post('/refresh', { refreshToken })).data)

describe('refresh-token mode', () => {
  it('renews an expired session with the refresh token, without uni.login', async () => {
    client = await setupClient({ features: [refresh] })
    const { api, server, store, uni } = client
    await store.login()
    server.expireAll()

    values(await settles(Array.from({ length: 5 }, () => api.get('/echo/x'))))
    expect(server.refreshes).toBe(1)
    expect(uni.calls.login).toBe(1) // the first login only
    expect(server.exchanges).toBe(1)
  })

  it('falls back to a full login when the refresh token is refused', async () => {
    client = await setupClient({ features: [refresh] })
    const { api, server, store, uni } = client
    await store.login()
    server.revokeRefreshTokens()
    server.expireAll()

    values(await settles([api.get('/echo/x'), api.get('/echo/y')]))
    expect(server.refreshes).toBe(0)
    expect(uni.calls.login).toBe(2)
  })

  it('keeps the refresh token across a cold start', async () => {
    client = await setupClient({ features: [refresh] })
    await client.store.login()
    client.server.expireAll()
    const next = client.restart()
    values(await settles([next.api.get('/echo/x')]))
    expect(next.server.refreshes).toBe(1)
    expect(next.uni.calls.login).toBe(1)
  })
})

describe('proactive refresh from a JWT', () => {
  it('takes expiresIn from a JWT with jwtExpiresIn(), and logs in before it', async () => {
    const jwtOf = (token: string) => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
      // The server knows the opaque token; the client sees it wrapped as a JWT that expires in 2 s.
      return `${part({ alg: 'none' })}.${part({ sub: token, exp: Math.floor(Date.now() / 1000) + 2 })}.x`
    }
    client = await setupClient({
      exchange: async (code, http) => {
        const token = jwtOf((await http.post('/login', { code })).data.token)
        return { token, expiresIn: jwtExpiresIn(token) }
      },
      applyToken: (config, token) => {
        const sub = /"sub":"([^"]+)"/.exec(Buffer.from(token.split('.')[1]!, 'base64url').toString())![1]
        config.header = { ...config.header, Authorization: `Bearer ${sub}` }
      },
      features: [renewBeforeExpiry()],
    })
    const { api, store, uni } = client
    await store.login()
    expect(store.expiresAt).toBeGreaterThan(Date.now())
    // A sleep, because time itself is under test: half the token's lifetime must pass.
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    values(await settles([api.get('/echo/x')]))
    // Half the 2 s lifetime had passed: the request logged in first instead of going out.
    expect(uni.calls.login).toBe(2)
  })
})

describe('a failed proactive renewal', () => {
  it('leaves the token in use until it expires, then fails the next login as it should', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    let down = false
    client = await setupClient(
      {
        exchange: async (code, http) => {
          if (down) throw new Error('login backend down')
          return (await http.post('/login', { code })).data as LoginResult
        },
        features: [renewBeforeExpiry()],
      },
      { expiresIn: 600 },
    )
    const { api, server, store, uni } = client
    await store.login()
    const token = store.token
    // Within the 5 s lead time before expiry, with the login backend down.
    vi.setSystemTime(Date.now() + 597_000)
    down = true
    const outcome = (path: string) => api.get(path).then(() => 'ok', codeOf)

    // The renewal fails, and the token the server still takes serves this request and the next.
    expect(await outcome('/echo/a')).toBe('ok')
    expect(await outcome('/echo/b')).toBe('ok')
    expect(uni.calls.login).toBe(2)
    expect(server.seen.map((seen) => seen.token)).toEqual([token, token])
    expect(store.token).toBe(token)

    // Past its expiry it is not sent: the next request logs in, and fails with that login.
    vi.setSystemTime(Date.now() + 5_000)
    expect(await outcome('/echo/c')).toBe('ERR_LOGIN')
    expect(uni.calls.login).toBe(3)
    expect(server.seen).toHaveLength(2)
  })
})
