import { afterEach, describe, expect, it } from 'vitest'
import { jwtExpiresIn, type ReloginOptions } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { settles, values } from '../support/settles'

let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

const refresh: ReloginOptions['refresh'] = async ({ refreshToken }, http) => (await http.post('/refresh', { refreshToken })).data

describe('refresh-token mode', () => {
  it('renews an expired session with the refresh token, without uni.login', async () => {
    client = await setupClient({ refresh })
    const { api, server, store, uni } = client
    await store.login()
    server.expireAll()

    values(await settles(Array.from({ length: 5 }, () => api.get('/echo/x'))))
    expect(server.refreshes).toBe(1)
    expect(uni.calls.login).toBe(1) // the first login only
    expect(server.exchanges).toBe(1)
  })

  it('falls back to a full login when the refresh token is refused', async () => {
    client = await setupClient({ refresh })
    const { api, server, store, uni } = client
    await store.login()
    server.revokeRefreshTokens()
    server.expireAll()

    values(await settles([api.get('/echo/x'), api.get('/echo/y')]))
    expect(server.refreshes).toBe(0)
    expect(uni.calls.login).toBe(2)
  })

  it('keeps the refresh token across a cold start', async () => {
    client = await setupClient({ refresh })
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
