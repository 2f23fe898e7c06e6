import { afterEach, describe, expect, it, vi } from 'vitest'
import { createServer, type RunningServer } from '../../server/createServer'
import { bearer, devCode, makePng, postJson, startServer, tempDir, upload } from './helpers'

/** A production-mode server whose "WeChat" is a dev server's fake (with the fake's default credentials). */
async function startProduction(options = {}) {
  const wechat = await startServer()
  const server = await startServer({ dev: false, appid: 'wx-dev-appid', secret: 'wx-dev-secret', wxApiBase: `${wechat.url}/fake-wx`, ...options })
  const login = async (openid: string) => {
    const result = await postJson(`${server.url}/v1/cif/loginByCode.do`, { code: await devCode(wechat, openid) })
    return result.data as { token: string }
  }
  return { server, login }
}

const status = async (server: RunningServer, method: string, path: string) => (await fetch(`${server.url}${path}`, { method })).status

describe('without --dev', () => {
  it('refuses to start without WeChat credentials, and leaves no temporary data dir', async () => {
    await expect(createServer({ secret: 's' })).rejects.toThrow(/WX_APPID and WX_SECRET are required/)
    await expect(createServer({ appid: 'a', dataDir: await tempDir() })).rejects.toThrow(TypeError)
  })

  it('mounts no /dev, /admin, fake WeChat or public /uploads route', async () => {
    const { server, login } = await startProduction()
    const { token } = await login('olga')
    const { data } = await upload(server, token, makePng())
    for (const [method, path] of [
      ['GET', '/dev/code'],
      ['GET', '/admin/stats'],
      ['POST', '/admin/faults'],
      ['POST', '/admin/expire-tokens'],
      ['GET', '/fake-wx/sns/jscode2session?appid=wx-dev-appid'],
      ['GET', `/uploads/${data!.url.slice(data!.url.lastIndexOf('/') + 1)}`],
    ] as const) {
      expect(await status(server, method, path), path).toBe(404)
    }
  })

  it('answers upload URLs that it serves, and serves an upload only to the user who uploaded it', async () => {
    const { server, login } = await startProduction()
    const owner = await login('owner')
    const other = await login('other')
    const png = makePng(6)
    const { data } = await upload(server, owner.token, png)
    expect(data!.url).toMatch(/^\/files\//)
    const file = `${server.url}${data!.url}`

    const mine = await fetch(file, { headers: bearer(owner.token) })
    expect(mine.status).toBe(200)
    expect(Buffer.from(await mine.arrayBuffer())).toEqual(png)
    expect((await fetch(file, { headers: bearer(other.token) })).status).toBe(404)
    expect((await fetch(file)).status).toBe(401)

    const registered = await postJson(`${server.url}/register`, { nickname: 'Owner', phone: '13700137000', avatarUrl: data!.url, agree: true }, bearer(owner.token))
    expect(registered.data.avatarUrl).toBe(data!.url)
  })
})

describe('dev mode guards', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it.each(['0.0.0.0', '::', '192.168.1.20'])('refuses to start on the non-loopback host %s, where others could log in as anyone', async (host) => {
    await expect(startServer({ dev: true, host })).rejects.toThrow(/dev mode .* loopback/)
  })

  it('refuses to start with NODE_ENV=production', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    await expect(startServer({ dev: true })).rejects.toThrow(/dev mode .* NODE_ENV=production/)
  })

  it('starts on loopback hosts', async () => {
    for (const host of ['127.0.0.1', '::1', 'localhost']) await startServer({ dev: true, host })
  })
})

describe('with --dev', () => {
  it('mounts the fake WeChat, /dev/code, /admin and the public /uploads', async () => {
    const server = await startServer({ dev: true })
    expect(await status(server, 'GET', '/dev/code')).toBe(200)
    expect(await status(server, 'GET', '/admin/stats')).toBe(200)
    expect(await status(server, 'GET', '/fake-wx/sns/jscode2session')).toBe(200)
  })
})

describe('login rate limits', () => {
  it('answers HTTP 429 with Retry-After and the error envelope past the per-IP limit', async () => {
    const server = await startServer({ loginsPerIpPerMinute: 3 })
    const attempt = () => fetch(`${server.url}/v1/cif/loginByCode.do`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(200)
    const limited = await attempt()
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await limited.json()).toMatchObject({ code: '001429', message: expect.stringContaining('too many login attempts') })
    expect(server.stats.exchanges).toBe(0)
  })

  it('counts each client IP from X-Forwarded-For behind a trusted proxy', async () => {
    const server = await startServer({ loginsPerIpPerMinute: 1, trustProxy: 1 })
    const attempt = (ip: string) =>
      fetch(`${server.url}/v1/cif/loginByCode.do`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: '{}' })
    expect((await attempt('203.0.113.1')).status).toBe(200)
    expect((await attempt('203.0.113.2')).status).toBe(200)
    expect((await attempt('203.0.113.1')).status).toBe(429)
  })

  it.each([1, '127.0.0.1', '127.0.0.0/8, 10.0.0.0/8'])('counts the address the trusted proxy saw, not one the client wrote (trustProxy %s)', async (trustProxy) => {
    const server = await startServer({ loginsPerIpPerMinute: 3, trustProxy })
    // The client forges an address; the proxy (this test, on 127.0.0.1) appends the one it saw.
    const attempt = (i: number, seen = '203.0.113.9') =>
      fetch(`${server.url}/v1/cif/loginByCode.do`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}, ${seen}` },
        body: '{}',
      })
    const statuses = []
    for (let i = 0; i < 10; i++) statuses.push((await attempt(i)).status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(3)
    // Another client behind the same proxy has a limit of its own.
    expect((await attempt(0, '203.0.113.10')).status).toBe(200)
  })

  it('refuses to trust every hop, since then any client can write its own address', async () => {
    await expect(startServer({ trustProxy: true as never })).rejects.toThrow(/"trustProxy" must be a hop count .* or the proxies' addresses/)
  })

  it('answers HTTP 429 past the per-user limit, without limiting other users', async () => {
    const server = await startServer({ loginsPerUserPerMinute: 2 })
    const attempt = async (openid: string) => fetch(`${server.url}/v1/cif/loginByCode.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: await devCode(server, openid) }),
    })
    expect((await attempt('pat')).status).toBe(200)
    expect((await attempt('pat')).status).toBe(200)
    const limited = await attempt('pat')
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await limited.json()).code).toBe('001429')
    expect((await (await attempt('quinn')).json()).code).toBe('000000')
    expect(server.stats.logins).toBe(3)
  })
})

describe('purging expired records', () => {
  it('deletes expired sessions at startup', async () => {
    let now = Date.now()
    const dataDir = await tempDir()
    let server = await startServer({ dataDir, clock: () => now, tokenTtlSeconds: 60 })
    const { token } = (await postJson(`${server.url}/v1/cif/loginByCode.do`, { code: await devCode(server, 'rita') })).data
    await server.close()

    now += 60_000
    server = await startServer({ dataDir, clock: () => now })
    const stats = server.stats
    await fetch(`${server.url}/profile`, { headers: bearer(token) })
    // Purged, so the token is not even known as an expired one.
    expect(stats.recent.at(-1)?.tokenState).toBe('unknown')
  })

  it('refuses a purge interval longer than a timer can wait, instead of purging every millisecond', async () => {
    // setInterval clamps anything above 2^31 - 1 ms to 1 ms: 30 days would purge in a busy loop.
    await expect(startServer({ purgeIntervalSeconds: 30 * 24 * 3600 })).rejects.toThrow(/"purgeIntervalSeconds" must be at most 2147483 s/)
    await startServer({ purgeIntervalSeconds: 2_147_483 })
  })

  it('purges again on every purgeInterval', async () => {
    const server = await startServer({ purgeIntervalSeconds: 0.02 })
    const purges: number[] = []
    const purged = new Promise<void>((resolve) => {
      server.store.purgeExpired = async (now) => {
        purges.push(now)
        if (purges.length === 2) resolve()
      }
    })
    await purged
    expect(purges).toHaveLength(2)
  })
})
