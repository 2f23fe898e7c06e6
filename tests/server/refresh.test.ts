import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { RunningServer } from '../../server/createServer'
import { bearer, freshStore, getJson, login, postJson, startServer, STORE_KINDS, tempDir } from './helpers'

const REFRESH = '/v1/cif/refreshToken.do'
const refresh = (server: RunningServer, refreshToken: string) => postJson(`${server.url}${REFRESH}`, { refreshToken })
const profileCode = async (server: RunningServer, token: string) => (await getJson(`${server.url}/profile`, token)).code

describe.each(STORE_KINDS)('rotating refresh tokens on %s', (kind) => {
  it('exchanges the refresh token from login for a new token and refresh token', async () => {
    const server = await startServer({ store: await freshStore(kind), tokenTtlSeconds: 42 })
    const first = await login(server, 'sam')
    expect(first.refreshToken).toMatch(/^[\w-]{43}$/)

    const renewed = await refresh(server, first.refreshToken)
    expect(renewed).toMatchObject({ code: '000000', data: { userId: first.userId, expiresIn: 42 } })
    expect(renewed.data.token).not.toBe(first.token)
    expect(renewed.data.refreshToken).not.toBe(first.refreshToken)
    expect(await profileCode(server, renewed.data.token)).toBe('000000')
    expect((await refresh(server, renewed.data.refreshToken)).code).toBe('000000')
  })

  it('revokes the whole family when a spent refresh token is presented again after the reuse window (RFC 9700 §4.14.2)', async () => {
    let now = Date.now()
    const server = await startServer({ store: await freshStore(kind), clock: () => now, refreshReuseSeconds: 10 })
    const stolen = await login(server, 'tess')
    const other = await login(server, 'tess')
    const renewed = (await refresh(server, stolen.refreshToken)).data
    now += 10_001

    expect(await refresh(server, stolen.refreshToken)).toEqual({ code: '001104', message: 'refresh token is invalid; log in again' })
    // Every token of the family is dead: the rotated refresh token and the sessions issued from it.
    expect((await refresh(server, renewed.refreshToken)).code).toBe('001104')
    expect(await profileCode(server, renewed.token)).toBe('001101')
    expect(await profileCode(server, stolen.token)).toBe('001101')
    // Another login is another family, untouched.
    expect(await profileCode(server, other.token)).toBe('000000')
    expect((await refresh(server, other.refreshToken)).code).toBe('000000')
  })

  it('with no reuse window, lets only one of two simultaneous uses rotate, and leaves nothing of the family alive', async () => {
    const server = await startServer({ store: await freshStore(kind), refreshReuseSeconds: 0 })
    const { refreshToken } = await login(server, 'uma')
    const results = await Promise.all([refresh(server, refreshToken), refresh(server, refreshToken)])
    expect(results.map((r) => r.code).sort()).toEqual(['000000', '001104'])
    const winner = results.find((r) => r.code === '000000')!.data
    expect(await profileCode(server, winner.token)).toBe('001101')
    expect((await refresh(server, winner.refreshToken)).code).toBe('001104')
  })

  it('answers a refresh token presented again within the reuse window with the same new pair', async () => {
    let now = Date.now()
    const server = await startServer({ store: await freshStore(kind), clock: () => now, refreshReuseSeconds: 10 })
    const { refreshToken } = await login(server, 'una')
    const first = await refresh(server, refreshToken)
    now += 9_000
    // Two H5 tabs that refreshed at the same moment, or a retry whose first answer was lost.
    expect(await refresh(server, refreshToken)).toEqual(first)
    expect(await profileCode(server, first.data.token)).toBe('000000')
    expect((await refresh(server, first.data.refreshToken)).code).toBe('000000')
  })

  it('ends a family at its absolute lifetime, however often it was refreshed', async () => {
    let now = Date.now()
    const server = await startServer({ store: await freshStore(kind), clock: () => now, refreshTtlSeconds: 60, sessionLifetimeSeconds: 100 })
    let { refreshToken } = await login(server, 'ulla')
    for (let i = 0; i < 2; i++) {
      now += 45_000
      const renewed = await refresh(server, refreshToken)
      expect(renewed.code).toBe('000000')
      refreshToken = renewed.data.refreshToken
    }
    now += 11_000
    expect((await refresh(server, refreshToken)).code).toBe('001104')
  })

  it('revokes the caller\'s family on POST /v1/cif/logout.do, and only that family', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const mine = await login(server, 'ugo')
    const otherDevice = await login(server, 'ugo')
    const renewed = (await refresh(server, mine.refreshToken)).data
    expect(await postJson(`${server.url}/v1/cif/logout.do`, {}, bearer(renewed.token))).toEqual({ code: '000000', data: null })
    expect(await profileCode(server, renewed.token)).toBe('001101')
    expect((await refresh(server, renewed.refreshToken)).code).toBe('001104')
    expect(await profileCode(server, otherDevice.token)).toBe('000000')
  })

  it('lets POST /admin/expire-tokens expire refresh tokens too, so the next renewal is a full login', async () => {
    const server = await startServer({ store: await freshStore(kind) })
    const { refreshToken } = await login(server, 'ravi')
    await postJson(`${server.url}/admin/expire-tokens`, {})
    expect((await refresh(server, refreshToken)).code).toBe('001104')
  })

  it('refuses an unknown, missing or expired refresh token', async () => {
    let now = Date.now()
    const server = await startServer({ store: await freshStore(kind), clock: () => now, refreshTtlSeconds: 60 })
    expect((await refresh(server, 'never-issued')).code).toBe('001104')
    expect((await postJson(`${server.url}${REFRESH}`, {})).fields).toHaveProperty('refreshToken')
    const { refreshToken } = await login(server, 'vera')
    now += 60_000
    expect((await refresh(server, refreshToken)).code).toBe('001104')
  })
})

describe('refresh token storage', () => {
  it('keeps only hashes of tokens and refresh tokens in the database', async () => {
    const dataDir = await tempDir()
    const server = await startServer({ dataDir })
    const { token, refreshToken } = await login(server, 'wes')
    const renewed = (await refresh(server, refreshToken)).data
    await server.close()
    const database = (await readFile(`${dataDir}/app.db`)).toString('latin1')
    expect(database).toContain('wes')
    for (const secret of [token, refreshToken, renewed.token, renewed.refreshToken]) expect(database).not.toContain(secret)
  })
})
