import { describe, expect, it } from 'vitest'
import type { RunningServer } from '../../server/createServer'
import type { ServerOptions } from '../../server/options'
import { bearer, freshStore, getJson, login, postJson, startServer } from './helpers'

const TRIALS = 40
const refresh = (server: RunningServer, refreshToken: string) => postJson(`${server.url}/v1/cif/refreshToken.do`, { refreshToken })
const logout = (server: RunningServer, token: string) => postJson(`${server.url}/v1/cif/logout.do`, {}, bearer(token))

/** Two instances on one PostgreSQL database, limits raised so that the trials' logins all pass. */
async function startPair(options: ServerOptions = {}) {
  const store = await freshStore('postgres')
  const shared = { store, loginsPerIpPerMinute: 10_000, loginsPerUserPerMinute: 10_000, refreshesPerIpPerMinute: 10_000, ...options }
  const [a, b] = await Promise.all([startServer(shared), startServer(shared)])
  return { a: a!, b: b! }
}

/** How many of these pairs still work, as a token or as a refresh token (checked on `server`). */
async function survivors(server: RunningServer, pairs: Array<{ token: string; refreshToken: string }>) {
  let alive = 0
  for (const pair of pairs) {
    if ((await getJson(`${server.url}/profile`, pair.token)).code === '000000') alive++
    if ((await refresh(server, pair.refreshToken)).code === '000000') alive++
  }
  return alive
}

describe('refresh rotation races on PostgreSQL', () => {
  it(`leaves no live token when one refresh token is sent twice at once with no reuse window (${TRIALS} trials)`, async () => {
    const { a, b } = await startPair({ refreshReuseSeconds: 0 })
    const issued = []
    for (let trial = 0; trial < TRIALS; trial++) {
      const { refreshToken } = await login(a, `thief-${trial}`)
      const results = await Promise.all([refresh(a, refreshToken), refresh(b, refreshToken)])
      // One rotates, the other is reuse and revokes the family, the winner's new pair included.
      expect(results.map((r) => r.code).sort()).toEqual(['000000', '001104'])
      issued.push(results.find((r) => r.code === '000000')!.data)
    }
    expect(await survivors(a, issued)).toBe(0)
  })

  it('answers two concurrent refreshes with one token, one on each instance, with the same new pair', async () => {
    const { a, b } = await startPair()
    for (let trial = 0; trial < 10; trial++) {
      const { refreshToken } = await login(a, `tabs-${trial}`)
      const [onA, onB] = await Promise.all([refresh(a, refreshToken), refresh(b, refreshToken)])
      expect(onA.code).toBe('000000')
      expect(onB).toEqual(onA)
      expect((await getJson(`${b.url}/profile`, onA.data.token)).code).toBe('000000')
    }
  })

  it('revokes the family when the token comes back after the reuse window', async () => {
    let now = Date.now()
    const { a, b } = await startPair({ clock: () => now, refreshReuseSeconds: 5 })
    const { refreshToken } = await login(a, 'late')
    const renewed = (await refresh(a, refreshToken)).data
    expect((await refresh(b, refreshToken)).data).toEqual(renewed)
    now += 5_001
    expect((await refresh(b, refreshToken)).code).toBe('001104')
    expect(await survivors(a, [renewed])).toBe(0)
  })

  it(`leaves no live token when a logout races a refresh of the same family (${TRIALS} trials)`, async () => {
    const { a, b } = await startPair()
    const issued = []
    for (let trial = 0; trial < TRIALS; trial++) {
      const { token, refreshToken } = await login(a, `racer-${trial}`)
      const [renewed, loggedOut] = await Promise.all([refresh(a, refreshToken), logout(b, token)])
      expect(loggedOut.code).toBe('000000')
      if (renewed.code === '000000') issued.push(renewed.data)
    }
    expect(await survivors(b, issued)).toBe(0)
  })
})
