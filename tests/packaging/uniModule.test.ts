import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSession, type Session } from '../e2e/mp-weixin/session'
import { admin, startBackend, type Backend } from '../e2e/support/startBackend'
import { buildConsumer, createConsumerProject, repoRoot, run, uniAppDependencies } from './consumerProject'

/*
 * The package as an HBuilderX user gets it from the plugin market: `npm run build:uni-module`'s
 * folder copied into a fresh uni-app project's uni_modules/, imported as `@/uni_modules/uni-relogin`,
 * built for mp-weixin, and run as WeChat would (the e2e harness) against the sample backend,
 * through one expiry and its replay.
 */
const moduleDir = join(repoRoot, 'dist/uni_modules/uni-relogin')

const files: Record<string, string> = {
  'main.ts': `import { createSSRApp } from 'vue'
import { createPinia } from 'pinia'
import { createRelogin } from '@/uni_modules/uni-relogin'
import App from './App.vue'

export function createApp() {
  const app = createSSRApp(App)
  app.use(createPinia())
  app.use(createRelogin({
    baseURL: import.meta.env.VITE_API_BASE,
    // The sample backend's protocol: an expired token is HTTP 200 with business code 001101.
    isExpired: (res) => res.data?.code === '001101',
    exchange: async (code, http) => ({ token: (await http.post('/v1/cif/loginByCode.do', { code })).data.data.token }),
  }))
  return { app }
}
`,
  'pages/index/index.vue': `<script setup lang="ts">
import { ref } from 'vue'
import { useApi } from '@/uni_modules/uni-relogin'

const api = useApi()
const loads = ref(0)
const user = ref('')
async function load() {
  user.value = (await api.get('/profile')).data.userId
  loads.value++
}
</script>
<template>
  <view class="load" @tap="load">load</view>
  <view v-if="loads" :class="'profile-' + loads">{{ user }}</view>
</template>
`,
}

let backend: Backend
let project: string
let session: Session | undefined

beforeAll(async () => {
  backend = await startBackend()
  await run('npm', ['run', 'build:uni-module'], repoRoot)
  // No uni-relogin and no luch-request from npm: only the uni_module brings them.
  project = await createConsumerProject({ dependencies: uniAppDependencies, files })
  await cp(moduleDir, join(project, 'uni_modules/uni-relogin'), { recursive: true })
  await buildConsumer(project, 'mp-weixin', { VITE_API_BASE: backend.url })
}, 600_000)

afterAll(async () => {
  await session?.close()
  await backend?.close()
})

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

  it('runs the built mp-weixin app through one expiry: one silent login, and the request replayed', async () => {
    session = await openSession({ distDir: join(project, 'dist/build/mp-weixin'), backendUrl: backend.url, openid: 'uni-module', images: [] })
    await session.tap('.load')
    const first = await session.waitFor(['.profile-1'])
    expect(first.text).not.toBe('')

    await admin(backend, '/admin/expire-tokens', {})
    const before = { logins: backend.stats.logins, recent: backend.stats.recent.length }
    await session.tap('.load')
    expect(await session.waitFor(['.profile-2'])).toEqual({ selector: '.profile-2', text: first.text })

    expect(backend.stats.logins - before.logins).toBe(1)
    const profile = backend.stats.recent.slice(before.recent).filter((entry) => entry.path === '/profile')
    expect(profile.map((entry) => entry.tokenState)).toEqual(['expired', 'valid'])
    expect((await session.calls()).login).toBe(2)
    expect(await session.consoleErrors()).toEqual([])
  }, 60_000)
})
