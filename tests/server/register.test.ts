import { describe, expect, it } from 'vitest'
import { bearer, getJson, login, makePng, postJson, startServer, upload } from './helpers'
import type { RunningServer } from '../../server/createServer'

async function registered(server: RunningServer, openid: string) {
  const { token, userId } = await login(server, openid)
  const avatar = await upload(server, token, makePng(3, openid.length))
  return { token, userId, avatarUrl: avatar.data!.url }
}

describe('POST /register', () => {
  it('reports every invalid field at once', async () => {
    const server = await startServer()
    const { token } = await login(server)
    const result = await postJson(
      `${server.url}/register`,
      { nickname: '', phone: '2123', avatarUrl: 'https://evil.example/x.png', agree: 'yes' },
      bearer(token),
    )
    expect(result).toEqual({
      code: '001400',
      message: 'invalid input',
      fields: {
        nickname: 'must be 1-20 characters',
        phone: 'must be 11 digits starting with 1',
        avatarUrl: 'must be an image you uploaded',
        agree: 'must be true',
      },
    })
    expect(await server.store.countRegistrations()).toBe(0)
  })

  it('checks each rule on its own', async () => {
    const server = await startServer()
    const { token, avatarUrl } = await registered(server, 'erin')
    const valid = { nickname: '小明', phone: '13800138000', avatarUrl, agree: true }
    const fieldsOf = async (patch: object) =>
      Object.keys((await postJson(`${server.url}/register`, { ...valid, ...patch }, bearer(token))).fields ?? {})

    expect(await fieldsOf({ nickname: '字'.repeat(21) })).toEqual(['nickname'])
    expect(await fieldsOf({ nickname: '   ' })).toEqual(['nickname'])
    expect(await fieldsOf({ phone: '1380013800' })).toEqual(['phone'])
    expect(await fieldsOf({ phone: '23800138000' })).toEqual(['phone'])
    expect(await fieldsOf({ phone: 13800138000 })).toEqual(['phone'])
    expect(await fieldsOf({ avatarUrl: '/uploads/../app.db' })).toEqual(['avatarUrl'])
    expect(await fieldsOf({ avatarUrl: `/uploads/${'f'.repeat(64)}.png` })).toEqual(['avatarUrl'])
    expect(await fieldsOf({ agree: false })).toEqual(['agree'])
    // Twenty code points fit even when each is two UTF-16 units.
    expect(await fieldsOf({ nickname: '😀'.repeat(20) })).toEqual([])
  })

  it('refuses an avatar that another user uploaded', async () => {
    const server = await startServer()
    const alice = await registered(server, 'alice')
    const bob = await login(server, 'bob')
    const result = await postJson(
      `${server.url}/register`,
      { nickname: 'bob', phone: '13800138000', avatarUrl: alice.avatarUrl, agree: true },
      bearer(bob.token),
    )
    expect(result.fields).toEqual({ avatarUrl: 'must be an image you uploaded' })
  })

  it('registers once per openid and returns the first registration on every later call', async () => {
    const server = await startServer()
    const { token, userId, avatarUrl } = await registered(server, 'frank')
    const body = { nickname: 'Frank', phone: '13900139000', avatarUrl: `${server.url}${avatarUrl}`, agree: true }

    const first = await postJson(`${server.url}/register`, body, bearer(token))
    expect(first).toEqual({
      code: '000000',
      data: { userId, nickname: 'Frank', phone: '13900139000', avatarUrl, registeredAt: expect.any(String) },
    })

    // A new session for the same openid, different details: still the one row, unchanged.
    const again = await login(server, 'frank')
    const second = await postJson(`${server.url}/register`, { ...body, nickname: 'Frankie' }, bearer(again.token))
    expect(second).toEqual(first)
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => postJson(`${server.url}/register`, body, bearer(token))),
    )
    expect(concurrent).toEqual(Array(5).fill(first))
    expect(await server.store.countRegistrations()).toBe(1)
    expect((await getJson(`${server.url}/admin/stats`)).data.registrations).toBe(1)
    expect((await getJson(`${server.url}/profile`, token)).data).toEqual({ userId, registration: first.data })
  })
})
