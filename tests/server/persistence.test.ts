import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { bearer, getJson, login, makePng, postJson, startServer, tempDir, upload, within } from './helpers'

describe('persistence and lifecycle', () => {
  it('keeps users, sessions, registrations and uploads across a restart', async () => {
    const dataDir = await tempDir()
    let server = await startServer({ dataDir, tokenTtlSeconds: 600 })
    const { token, userId } = await login(server, 'jade')
    const png = makePng(9)
    const avatar = (await upload(server, token, png)).data!
    const registration = await postJson(
      `${server.url}/register`,
      { nickname: 'Jade', phone: '13400134000', avatarUrl: avatar.url, agree: true },
      bearer(token),
    )
    expect(registration.code).toBe('000000')
    await server.close()

    server = await startServer({ dataDir, tokenTtlSeconds: 600 })
    // The old token is still valid, and a new login finds the same user.
    expect(await getJson(`${server.url}/profile`, token)).toEqual({ code: '000000', data: { userId, registration: registration.data } })
    const again = await login(server, 'jade')
    expect(again.userId).toBe(userId)
    expect(Buffer.from(await (await fetch(`${server.url}${avatar.url}`)).arrayBuffer())).toEqual(png)
    expect(await server.store.countRegistrations()).toBe(1)
  })

  it('keeps nothing on disk with an in-memory database, and removes its own temporary data dir', async () => {
    const server = await startServer({ dataDir: undefined, store: ':memory:' })
    expect(existsSync(server.dataDir)).toBe(true)
    expect(existsSync(`${server.dataDir}/app.db`)).toBe(false)
    await login(server)
    await server.close()
    expect(existsSync(server.dataDir)).toBe(false)
  })

  it('lets requests in flight finish on close, then closes promptly', async () => {
    const server = await startServer()
    const { token } = await login(server)
    server.faults.latencyMs = 200
    const pending = getJson(`${server.url}/profile`, token)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const closing = server.close()
    expect((await pending).code).toBe('000000')
    await within(closing, 1000)
  })

  it('serves a static directory at / when given one', async () => {
    const staticDir = await tempDir()
    await writeFile(`${staticDir}/index.html`, '<!doctype html><title>h5</title>')
    const server = await startServer({ staticDir })
    const page = await fetch(`${server.url}/`)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await page.text()).toContain('<title>h5</title>')
    // API routes still win over the static wildcard.
    expect((await getJson(`${server.url}/profile`)).code).toBe('001101')
  })
})
