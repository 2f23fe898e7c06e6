import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAbortController, type Progress } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, reasons, settles, values } from '../support/settles'

let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

const seedExpiry = { isExpired: (res: { statusCode: number; data: unknown }) => res.statusCode === 401 || (res.data as { code?: string })?.code === '001101' }
function tempFile(bytes: Buffer, name = 'avatar.png') {
  const path = join(mkdtempSync(join(tmpdir(), 'relogin-upload-')), name)
  writeFileSync(path, bytes)
  return path
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

interface UploadBody {
  code: string
  sha256: string
  size: number
  fields: string[]
}

describe('uploads', () => {
  it.each(['401', 'seed'] as const)(
    'parse the string body, detect expiry (%s), log in once and replay every file intact',
    async (expiry) => {
      client = await setupClient(seedExpiry, { expiry })
      const { api, server, uni, store } = client
      await store.login()
      server.expireAll()
      const files = Array.from({ length: 5 }, (_, i) => randomBytes(64 * 1024 + i))

      const bodies = values(
        await settles(
          files.map((bytes, i) =>
            api.upload<UploadBody>('/upload', { filePath: tempFile(bytes), name: 'file', formData: { i } }),
          ),
        ),
      )

      expect(uni.calls.login).toBe(2)
      expect(server.exchanges).toBe(2)
      expect(bodies.map((b) => b.sha256)).toEqual(files.map(sha256))
      expect(bodies[0]!.fields).toContain('i')
      for (const bytes of files) expect(server.uploads.get(sha256(bytes))).toEqual(bytes)
    },
  )

  it('report progress and carry the same idempotency key across the replay', async () => {
    client = await setupClient()
    const { api, server, store } = client
    await store.login()
    server.expireAll()
    const progress: Progress[] = []
    const bytes = randomBytes(200 * 1024)
    await api.upload('/upload', { filePath: tempFile(bytes), name: 'file', onProgress: (p) => progress.push(p) })
    expect(progress.at(-1)?.progress).toBe(100)
    const attempts = server.seen.filter((s) => s.path === '/upload')
    expect(attempts.map((s) => s.valid)).toEqual([false, true])
    expect(attempts[0]!.idempotencyKey).toMatch(/^[a-z0-9]+-[0-9a-f]{24}$/)
    expect(attempts[1]!.idempotencyKey).toBe(attempts[0]!.idempotencyKey)
  })

  it('reject with ERR_RELOGIN_LOOP, ERR_LOGIN and ERR_CANCELED like requests do', async () => {
    client = await setupClient()
    const { api, server, store } = client
    await store.login()
    const filePath = tempFile(randomBytes(1024))

    server.expireOnIssue = true
    server.expireAll()
    expect(codeOf(reasons(await settles([api.upload('/upload', { filePath, name: 'file' })]))[0])).toBe('ERR_RELOGIN_LOOP')

    server.expireOnIssue = false
    server.loginFault = 'error500'
    server.expireAll()
    expect(codeOf(reasons(await settles([api.upload('/upload', { filePath, name: 'file' })]))[0])).toBe('ERR_LOGIN')

    server.loginFault = null
    const controller = createAbortController()
    controller.abort()
    const aborted = api.upload('/upload', { filePath, name: 'file', signal: controller.signal })
    expect(codeOf(reasons(await settles([aborted]))[0])).toBe('ERR_CANCELED')
  })

  it('reject with ERR_NETWORK when the file does not exist', async () => {
    client = await setupClient()
    await client.store.login()
    const [error] = reasons(await settles([client.api.upload('/upload', { filePath: '/nope/missing.png', name: 'file' })]))
    expect(codeOf(error)).toBe('ERR_NETWORK')
  })
})

describe('downloads', () => {
  it('replay after a 401 once per expiry and write the exact bytes', async () => {
    client = await setupClient()
    const { api, server, uni, store } = client
    await store.login()
    const bytes = randomBytes(128 * 1024)
    server.addFile('report.bin', bytes)
    server.expireAll()

    const results = values(await settles(Array.from({ length: 4 }, () => api.download('/files/report.bin'))))

    expect(uni.calls.login).toBe(2)
    for (const result of results) {
      expect(result.statusCode).toBe(200)
      expect(readFileSync(result.tempFilePath)).toEqual(bytes)
    }
  })

  it('reject with ERR_HTTP for a missing file, and ERR_CANCELED when aborted in flight', async () => {
    client = await setupClient()
    const { api, server, store } = client
    await store.login()
    const [missing] = reasons(await settles([api.download('/files/none.bin')]))
    expect(codeOf(missing)).toBe('ERR_HTTP')

    server.addFile('big.bin', randomBytes(1024))
    server.delays.set('/files/big.bin', 2_000)
    const controller = createAbortController()
    const pending = api.download('/files/big.bin', { signal: controller.signal })
    await server.whenSeen((s) => s.path === '/files/big.bin')
    controller.abort()
    expect(codeOf(reasons(await settles([pending]))[0])).toBe('ERR_CANCELED')
  })
})
