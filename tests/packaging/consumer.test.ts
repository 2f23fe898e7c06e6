import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

/*
 * The package as a user gets it: `npm pack`, installed into a separate, fresh uni-app project,
 * imported from a page, built for mp-weixin and H5, and tested with `uni-relogin/testing` in vitest.
 */
const root = resolve(import.meta.dirname, '../..')
const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>
}
const pin = (name: string) => own.devDependencies[name]!
let project: string
let files: string[]

const consumerFiles: Record<string, string> = {
  'index.html': '<!DOCTYPE html><html><head><meta charset="UTF-8" /></head><body><div id="app"></div><script type="module" src="/main.ts"></script></body></html>',
  'manifest.json': JSON.stringify({ name: 'consumer', appid: '', vueVersion: '3', 'mp-weixin': { appid: 'touristappid', usingComponents: true } }),
  'pages.json': JSON.stringify({ pages: [{ path: 'pages/index/index' }] }),
  'vite.config.ts': "import uni from '@dcloudio/vite-plugin-uni'\nimport { defineConfig } from 'vite'\nexport default defineConfig({ plugins: [uni()] })\n",
  'App.vue': '<script setup lang="ts">\n// The consumer app shell.\n</script>\n',
  'main.ts': `import { createSSRApp } from 'vue'
import { createPinia } from 'pinia'
import { createRelogin } from 'uni-relogin'
import App from './App.vue'

export function createApp() {
  const app = createSSRApp(App)
  app.use(createPinia())
  app.use(createRelogin({
    baseURL: 'https://api.example.com',
    exchange: async (code, http) => (await http.post('/login', { code })).data,
  }))
  return { app }
}
`,
  'pages/index/index.vue': `<script setup lang="ts">
import { ref } from 'vue'
import { useApi, isReloginError } from 'uni-relogin'

const api = useApi()
const text = ref('')
async function load() {
  try { text.value = JSON.stringify(await api.get('/profile')) } catch (e) { text.value = isReloginError(e) ? e.code : 'error' }
}
</script>
<template><view @tap="load">consumer-page {{ text }}</view></template>
`,
  // The README's "Testing your pages" example, against a real server of the consumer's own.
  'vitest.config.mts': "import { defineConfig } from 'vitest/config'\nexport default defineConfig({ test: { environment: 'node' } })\n",
  'tests/profile.test.ts': `import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, expect, it } from 'vitest'
import { createRelogin, useApi, useAuthStore } from 'uni-relogin'
import { createTestUni } from 'uni-relogin/testing'

const server = createServer((req, res) => {
  res.setHeader('content-type', 'application/json')
  if (req.url === '/dev/code') return res.end(JSON.stringify({ code: 'c1' }))
  if (req.url === '/login') return req.resume().on('end', () => res.end(JSON.stringify({ token: 't1' })))
  res.end(JSON.stringify({ name: 'Ming', auth: req.headers.authorization }))
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const backend = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`
afterAll(() => server.close())

it('runs the page requests on a Node uni', async () => {
  const uni = createTestUni({ codeURL: \`\${backend}/dev/code\` })
  setActivePinia(createPinia())
  createRelogin({ baseURL: backend, exchange: async (code, http) => (await http.post('/login', { code })).data })
  await useAuthStore().login()
  expect(await useApi().get('/profile')).toEqual({ name: 'Ming', auth: 'Bearer t1' })
  uni.setOnline(false)
  await expect(useApi().get('/profile', { timeout: 100 })).rejects.toMatchObject({ code: 'ERR_OFFLINE' })
  expect(uni.calls.login).toBe(1)
  uni.uninstall()
})
`,
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'relogin-consumer-'))
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: root, encoding: 'utf8' })
  const tarball = join(project, packed.trim().split('\n').at(-1)!)
  files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n')

  const dcloud = ['uni-app', 'uni-cli-shared', 'uni-components', 'uni-h5', 'uni-mp-weixin', 'vite-plugin-uni']
  const manifest = {
    name: 'consumer',
    private: true,
    dependencies: {
      'uni-relogin': `file:${tarball}`,
      'luch-request': own.devDependencies['luch-request'] ?? '3.1.1',
      pinia: pin('pinia'),
      vue: pin('vue'),
      ...Object.fromEntries(dcloud.map((name) => [`@dcloudio/${name}`, pin(`@dcloudio/${name}`)])),
    },
    devDependencies: { vite: pin('vite'), vitest: pin('vitest'), '@dcloudio/types': pin('@dcloudio/types') },
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2))
  for (const [name, text] of Object.entries(consumerFiles)) {
    mkdirSync(dirname(join(project, name)), { recursive: true })
    writeFileSync(join(project, name), text)
  }
  // --prefer-offline: the packages are the ones this repo just installed, so the cache has them.
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, stdio: 'pipe' })
}, 600_000)

// vitest sets NODE_ENV=test, which makes uni emit an unbundled development layout.
const { NODE_ENV: _vitest, ...env } = process.env

function build(platform: 'mp-weixin' | 'h5') {
  const args = platform === 'h5' ? ['uni', 'build'] : ['uni', 'build', '-p', platform]
  execFileSync('npx', args, { cwd: project, stdio: 'pipe', env: { ...env, CI: '1', UNI_INPUT_DIR: project } })
}

describe('the packed package in a separate uni-app project', () => {
  it('ships only the library: src/, stores/, composables/, testing/ and the READMEs', () => {
    const shipped = files.map((file) => file.replace(/^package\//, ''))
    expect(shipped).toContain('src/index.ts')
    expect(shipped).toContain('stores/useAuthStore.ts')
    expect(shipped).toContain('testing/index.ts')
    expect(shipped.every((file) => /^(src|stores|composables|testing)\/[\w]+\.ts$|^(package\.json|README(\.zh-CN)?\.md)$/.test(file))).toBe(true)
  })

  it("runs the consumer's own vitest test on createTestUni from 'uni-relogin/testing'", () => {
    const output = execFileSync('npx', ['vitest', 'run', '--reporter=json'], { cwd: project, encoding: 'utf8', env })
    const report = JSON.parse(output.slice(output.indexOf('{'))) as { numPassedTests: number; numFailedTests: number }
    expect({ passed: report.numPassedTests, failed: report.numFailedTests }).toEqual({ passed: 1, failed: 0 })
  }, 120_000)

  it('depends at run time on luch-request alone, with vue and pinia as peers', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/uni-relogin/package.json'), 'utf8'))
    expect(Object.keys(installed.dependencies)).toEqual(['luch-request'])
    expect(Object.keys(installed.peerDependencies).sort()).toEqual(['pinia', 'vue'])
  })

  it('installs with vue and pinia as peers, without nested copies', () => {
    expect(existsSync(join(project, 'node_modules/uni-relogin/node_modules/vue'))).toBe(false)
    expect(existsSync(join(project, 'node_modules/uni-relogin/node_modules/pinia'))).toBe(false)
  })

  it('builds for mp-weixin with the package in the vendor chunk', () => {
    build('mp-weixin')
    const vendor = readFileSync(join(project, 'dist/build/mp-weixin/common/vendor.js'), 'utf8')
    expect(vendor.includes('uni-relogin:auth')).toBe(true)
    // The test kit is a separate entry: nothing of it reaches the app.
    expect(vendor.includes('interruptNext')).toBe(false)
    expect(readFileSync(join(project, 'dist/build/mp-weixin/pages/index/index.wxml'), 'utf8')).toContain('consumer-page')
  }, 180_000)

  it('builds for H5', () => {
    build('h5')
    expect(existsSync(join(project, 'dist/build/h5/index.html'))).toBe(true)
  }, 180_000)
})
