import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBackend, type Backend } from '../e2e/support/startBackend'
import { buildConsumer, createConsumerProject, expectOneReplayedExpiry, expiryApp, repoRoot, run, uniAppDependencies } from './consumerProject'

/*
 * The package as an HBuilderX user gets it from the plugin market: `npm run build:uni-module`'s
 * folder copied into a fresh uni-app project's uni_modules/, imported as `@/uni_modules/uni-relogin`,
 * built for mp-weixin, and run as WeChat would (the e2e harness) against the sample backend,
 * through one expiry and its replay.
 */
const moduleDir = join(repoRoot, 'dist/uni_modules/uni-relogin')

let backend: Backend
let project: string

beforeAll(async () => {
  backend = await startBackend()
  await run('npm', ['run', 'build:uni-module'], repoRoot)
  // No uni-relogin and no luch-request from npm: only the uni_module brings them.
  project = await createConsumerProject({ dependencies: uniAppDependencies(), files: expiryApp('@/uni_modules/uni-relogin') })
  await cp(moduleDir, join(project, 'uni_modules/uni-relogin'), { recursive: true })
  await buildConsumer(project, 'mp-weixin', { VITE_API_BASE: backend.url })
}, 600_000)

afterAll(() => backend?.close())

describe('the uni_module in a fresh uni-app project', () => {
  it('follows DCloud conventions: an sdk-js module at our version, for uni-app Vue 3 only', async () => {
    const manifest = JSON.parse(await readFile(join(moduleDir, 'package.json'), 'utf8'))
    const own = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'))
    expect(manifest).toMatchObject({ id: 'uni-relogin', version: own.version, dcloudext: { type: 'sdk-js' } })
    expect(manifest.uni_modules.platforms.client).toMatchObject({ Vue: { vue2: 'n', vue3: 'y' }, 'uni-app x': 'n' })
    expect(await readFile(join(moduleDir, 'changelog.md'), 'utf8')).toMatch(new RegExp(`^## ${own.version}（`))
  })

  it('bundles luch-request and leaves vue and pinia to the app', async () => {
    const entry = await readFile(join(moduleDir, 'index.js'), 'utf8')
    expect(entry.includes('from "luch-request"')).toBe(false)
    expect(entry.match(/^import .* from "([^"]+)";$/gm)?.map((line) => line.split('"')[1])).toEqual(expect.arrayContaining(['vue', 'pinia']))
    expect(entry.match(/^import .* from "([^"]+)";$/gm)?.every((line) => /"(vue|pinia)"/.test(line))).toBe(true)
  })

  it('runs the built mp-weixin app through one expiry: one silent login, and the request replayed', () =>
    expectOneReplayedExpiry(project, backend, 'uni-module'), 60_000)
})
