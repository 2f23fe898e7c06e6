import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startBackend, type Backend } from '../e2e/support/startBackend'
import { extractSnippets } from '../docs/extractSnippets'
import { buildConsumer, createConsumerProject, expectOneReplayedExpiry, expiryApp, pin, repoRoot, run, strictTypeScript, uniAppDependencies } from './consumerProject'

/*
 * The package as a user gets it: `npm pack`, installed into a separate, fresh uni-app project,
 * imported from a page, built for mp-weixin and H5, and tested with `uni-relogin/testing` in vitest.
 */
let project: string
let files: string[]
let backend: Backend

const docsExample = extractSnippets(readFileSync(join(repoRoot, 'docs/recipes/testing.md'), 'utf8')).find((block) => block.code.includes("from 'uni-relogin/testing'"))!.code

const consumerFiles: Record<string, string> = {
  ...expiryApp('uni-relogin'),
  // Many templates build for es6: the shipped code must go through that as it is.
  'vite.config.ts': "import uni from '@dcloudio/vite-plugin-uni'\nimport { defineConfig } from 'vite'\nexport default defineConfig({ plugins: [uni()], build: { target: 'es6' } })\n",
  ...strictTypeScript(['main.ts', 'App.vue', 'pages/**/*.vue', 'cloud.ts']),
  // Type-checked, not built (the app has no uniCloud space): uniCloud's global, for installUniCloud.
  'cloud.ts': "import { installUniCloud } from 'uni-relogin/unicloud'\nexport const installCloud = () => installUniCloud(uniCloud)\n",
  'vitest.config.mts': "import { defineConfig } from 'vitest/config'\nexport default defineConfig({ test: { environment: 'node' } })\n",
  // A real server of the consumer's own, for its vitest tests on the test kit.
  'tests/backend.ts': `import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll } from 'vitest'

const server = createServer((req, res) => {
  res.setHeader('content-type', 'application/json')
  if (req.url === '/dev/code') return res.end(JSON.stringify({ code: 'c1' }))
  if (req.url === '/login') return req.resume().on('end', () => res.end(JSON.stringify({ token: 't1' })))
  res.end(JSON.stringify({ name: 'Ming', auth: req.headers.authorization }))
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
export const backend = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`
afterAll(() => server.close())
`,
  'tests/profile.test.ts': `import { createPinia, setActivePinia } from 'pinia'
import { expect, it } from 'vitest'
import { createRelogin, offlineWait, useApi, useAuthStore } from 'uni-relogin'
import { createTestUni } from 'uni-relogin/testing'
import { backend } from './backend'

it('runs the page requests on a Node uni', async () => {
  const uni = createTestUni({ codeURL: \`\${backend}/dev/code\` })
  setActivePinia(createPinia())
  createRelogin({
    baseURL: backend,
    exchange: async (code, http) => (await http.post('/login', { code })).data,
    features: [offlineWait()],
  })
  await useAuthStore().login()
  expect(await useApi().get('/profile')).toEqual({ name: 'Ming', auth: 'Bearer t1' })
  uni.setOnline(false)
  await expect(useApi().get('/profile', { timeout: 100 })).rejects.toMatchObject({ code: 'ERR_OFFLINE' })
  expect(uni.calls.login).toBe(1)
  uni.uninstall()
})
`,
  // The docs' "Testing your pages" example (docs/recipes/testing.md), as it stands.
  'tests/docsExample.test.ts': `import { backend } from './backend'\n${docsExample}`,
}

beforeAll(async () => {
  backend = await startBackend()
  const tarball = inject('tarball')
  files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n')
  project = await createConsumerProject({
    dependencies: { 'uni-relogin': `file:${tarball}`, 'luch-request': pin('luch-request'), ...uniAppDependencies() },
    devDependencies: { vitest: pin('vitest'), '@dcloudio/types': pin('@dcloudio/types'), typescript: pin('typescript'), 'vue-tsc': pin('vue-tsc') },
    files: consumerFiles,
  })
}, 600_000)

afterAll(() => backend?.close())

const build = (platform: 'mp-weixin' | 'h5') => buildConsumer(project, platform, { VITE_API_BASE: backend.url })

describe('the packed package in a separate uni-app project', () => {
  it('ships built ES modules and generated .d.ts, not source: dist/npm/, the READMEs and the changelog', () => {
    const shipped = files.map((file) => file.replace(/^package\//, ''))
    expect(shipped).toEqual(
      expect.arrayContaining(['dist/npm/index.js', 'dist/npm/testing.js', 'dist/npm/unicloud.js', 'dist/npm/types/src/index.d.ts', 'dist/npm/types/unicloud/index.d.ts']),
    )
    expect(shipped.every((file) => /^dist\/npm\/([\w-]+\.js|package\.json|types\/[\w/]+\.d\.ts)$|^(package\.json|README(\.zh-CN)?\.md|CHANGELOG\.md)$/.test(file))).toBe(true)
  })

  it("type-checks with the app's own vue-tsc at 0 errors: strict, and no target in its tsconfig", async () => {
    await expect(run('npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.json'], project)).resolves.toBe('')
  }, 120_000)

  it("runs the consumer's own vitest tests on createTestUni from 'uni-relogin/testing', and the docs' example", async () => {
    const output = await run('npx', ['vitest', 'run', '--reporter=json'], project)
    const report = JSON.parse(output.slice(output.indexOf('{'))) as { numPassedTests: number; numFailedTests: number }
    expect({ passed: report.numPassedTests, failed: report.numFailedTests }).toEqual({ passed: 2, failed: 0 })
  }, 120_000)

  it('depends at run time on luch-request alone, with vue and pinia as peers (and the devtools API, optional, for uni-relogin/devtools)', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/uni-relogin/package.json'), 'utf8'))
    expect(Object.keys(installed.dependencies)).toEqual(['luch-request'])
    expect(Object.keys(installed.peerDependencies).sort()).toEqual(['@vue/devtools-api', 'pinia', 'vue'])
    expect(installed.peerDependenciesMeta).toEqual({ '@vue/devtools-api': { optional: true } })
  })

  it('installs with vue and pinia as peers, without nested copies', () => {
    expect(existsSync(join(project, 'node_modules/uni-relogin/node_modules/vue'))).toBe(false)
    expect(existsSync(join(project, 'node_modules/uni-relogin/node_modules/pinia'))).toBe(false)
  })

  it('builds for mp-weixin with the package in the vendor chunk', async () => {
    await build('mp-weixin')
    const vendor = readFileSync(join(project, 'dist/build/mp-weixin/common/vendor.js'), 'utf8')
    expect(vendor.includes('uni-relogin:auth')).toBe(true)
    // The test kit is a separate entry: nothing of it reaches the app.
    expect(vendor.includes('interruptNext')).toBe(false)
    expect(readFileSync(join(project, 'dist/build/mp-weixin/pages/index/index.wxml'), 'utf8')).toContain('consumer-page')
  }, 180_000)

  it('runs that build (es6 target) through one expiry: one silent login, and the request replayed', () =>
    expectOneReplayedExpiry(project, backend, 'npm-consumer'), 60_000)

  it('builds for H5', async () => {
    await build('h5')
    expect(existsSync(join(project, 'dist/build/h5/index.html'))).toBe(true)
  }, 180_000)
})
