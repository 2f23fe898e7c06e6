import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runInContext, createContext } from 'node:vm'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeUni } from '../../testing/createNodeUni'
import { startApiServer, type ApiServer } from '../support/startApiServer'

/** What WeChat's JS runtime on a phone lacks, while DevTools and Node have them all (docs/design.md). */
const PHONE_MISSING = ['URL', 'URLSearchParams', 'AbortController', 'fetch', 'structuredClone', 'Buffer', 'process', 'window']

let server: ApiServer
let pkg: typeof import('./entry')
let context: Record<string, unknown>

beforeAll(async () => {
  server = await startApiServer()
  // Bundled as the mini program build does it, then run in a fresh realm that has only the
  // language's own globals plus what a phone gives: `uni`, timers and console.
  const { outputFiles } = await build({
    entryPoints: [join(import.meta.dirname, 'entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'pkg',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    define: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false' },
    logLevel: 'silent',
  })
  context = createContext({
    uni: createNodeUni({ codeURL: `${server.url}/dev/code` }),
    console,
    setTimeout,
    clearTimeout,
  })
  pkg = runInContext(`${outputFiles[0]!.text};pkg`, context)
})
afterAll(() => server.close())

describe('on a phone runtime', () => {
  it('has none of the globals a phone lacks', () => {
    for (const name of PHONE_MISSING) expect(runInContext(`typeof ${name}`, context), name).toBe('undefined')
  })

  it('logs in once, replays, uploads, downloads and aborts without them', async () => {
    pkg.setActivePinia(pkg.createPinia())
    const { api } = pkg.createRelogin({
      baseURL: server.url,
      exchange: async (code, http) => (await http.post('/login', { code })).data,
    })
    const store = pkg.useAuthStore()
    await store.login()
    server.expireAll()

    const filePath = join(mkdtempSync(join(tmpdir(), 'relogin-phone-')), 'a.png')
    writeFileSync(filePath, randomBytes(2048))
    server.addFile('f.bin', randomBytes(512))
    const controller = pkg.createAbortController()
    const aborted = api.post('/echo/x', { a: 1 }, { signal: controller.signal }).catch((error) => error)
    controller.abort()

    const [echo, upload, download] = await Promise.all([
      api.post<{ body: unknown }>('/echo/x', { a: 1 }, { params: { q: 'a b' } }),
      api.upload<{ size: number }>('/upload', { filePath, name: 'file' }),
      api.download('/files/f.bin'),
    ])
    expect(echo.body).toEqual({ a: 1 })
    expect(upload.size).toBe(2048)
    expect(download.statusCode).toBe(200)
    expect(await aborted).toMatchObject({ code: 'ERR_CANCELED' })
    expect(server.exchanges).toBe(2)
  })
})
