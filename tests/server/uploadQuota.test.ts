import { describe, expect, it } from 'vitest'
import { bearer, freshStore, login, makePng, register, startServer, STORE_KINDS, tempDir, upload } from './helpers'

const nameOf = (url: string) => url.slice(url.lastIndexOf('/') + 1)

describe.each(STORE_KINDS)('upload quota and purge on %s', (kind) => {
  it('refuses an upload past the per-user quota, counting a re-upload of a stored file as nothing', async () => {
    const png = (seed: number) => makePng(4, seed)
    const server = await startServer({ store: await freshStore(kind), uploadQuotaBytes: png(1).length + png(2).length })
    const { token } = await login(server, 'quinn')
    expect((await upload(server, token, png(1))).code).toBe('000000')
    expect((await upload(server, token, png(2))).code).toBe('000000')
    expect((await upload(server, token, png(1))).code).toBe('000000')
    const over = await upload(server, token, png(3))
    expect(over).toMatchObject({ code: '001413', message: expect.stringContaining('quota') })
    // Another user has a quota of their own.
    expect((await upload(server, (await login(server, 'rosa')).token, png(3))).code).toBe('000000')
  })

  it('purges uploads that no registration refers to once they are older than the retention', async () => {
    let now = Date.now()
    const dataDir = await tempDir()
    const store = await freshStore(kind)
    const options = { dataDir, store, clock: () => now, uploadRetentionSeconds: 60, tokenTtlSeconds: 3600 }
    let server = await startServer(options)
    const { token } = await login(server, 'sid')
    const kept = (await upload(server, token, makePng(3, 1))).data!.url
    const orphan = (await upload(server, token, makePng(3, 2))).data!.url
    expect((await register(server, token, undefined, { nickname: 'Sid', phone: '13700137000', avatarUrl: kept, agree: true })).body.code).toBe('000000')
    await server.close()

    now += 61_000
    server = await startServer(options) // purges at startup
    expect(await server.store.readUpload(nameOf(orphan))).toBeUndefined()
    expect((await fetch(`${server.url}/files/${nameOf(orphan)}`, { headers: bearer(token) })).status).toBe(404)
    expect((await fetch(`${server.url}/files/${nameOf(kept)}`, { headers: bearer(token) })).status).toBe(200)
  })
})
