import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect } from 'vitest'
import { openSession } from '../e2e/mp-weixin/session'
import { admin, type Backend } from '../e2e/support/startBackend'

/*
 * A fresh uni-app project of a user's own, outside this repo: the shell every uni-app Vue 3 project
 * has, the test's main.ts and pages, and its own `npm install` of the pinned toolchain. The tests in
 * this folder put the package into it the ways users get it (the npm tarball, the uni_module).
 */
export const repoRoot = resolve(import.meta.dirname, '../..')
const own = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<'dependencies' | 'devDependencies', Record<string, string>>

/** The version this repo pins and tests with. */
export const pin = (name: string) => (own.dependencies[name] ?? own.devDependencies[name])!

const dcloud = ['uni-app', 'uni-cli-shared', 'uni-components', 'uni-h5', 'uni-mp-weixin', 'vite-plugin-uni']

/** A uni-app Vue 3 project's runtime dependencies: this repo's versions unless told otherwise. */
export function uniAppDependencies({ line = pin('@dcloudio/uni-app'), vue = pin('vue'), pinia = pin('pinia') } = {}) {
  return { pinia, vue, ...Object.fromEntries(dcloud.map((name) => [`@dcloudio/${name}`, line])) }
}

const shell: Record<string, string> = {
  'index.html': '<!DOCTYPE html><html><head><meta charset="UTF-8" /></head><body><div id="app"></div><script type="module" src="/main.ts"></script></body></html>',
  'manifest.json': JSON.stringify({ name: 'consumer', appid: '', vueVersion: '3', 'mp-weixin': { appid: 'touristappid', usingComponents: true } }),
  'pages.json': JSON.stringify({ pages: [{ path: 'pages/index/index' }] }),
  'vite.config.ts': "import uni from '@dcloudio/vite-plugin-uni'\nimport { defineConfig } from 'vite'\nexport default defineConfig({ plugins: [uni()] })\n",
  'App.vue': '<script setup lang="ts">\n// The consumer app shell.\n</script>\n',
}

/**
 * The type-checking files of a strict uni-app template: strict, skipLibCheck, and no `target`, so
 * TypeScript's default (ES5) applies, as in common templates; `include` is what it checks.
 */
export function strictTypeScript(include: string[], types: string[] = []): Record<string, string> {
  const compilerOptions = { strict: true, skipLibCheck: true, module: 'ESNext', moduleResolution: 'Bundler', lib: ['ESNext', 'DOM'], types: ['@dcloudio/types', 'vite/client', ...types], jsx: 'preserve', noEmit: true }
  return {
    'tsconfig.json': JSON.stringify({ compilerOptions, include: [...include, 'env.d.ts'] }),
    'env.d.ts': "declare module '*.vue' {\n  import type { DefineComponent } from 'vue'\n  const component: DefineComponent\n  export default component\n}\n",
  }
}

export interface ConsumerOptions {
  /** How the project installs: npm, or pnpm (this repo's pinned one), with unmet peers an error. @default 'npm' */
  installer?: 'npm' | 'pnpm'
  dependencies: Record<string, string>
  devDependencies?: Record<string, string>
  /** main.ts, pages/index/index.vue and anything else, by path; these win over the shell's. */
  files: Record<string, string>
}

/** Writes the project into a new temp dir and installs it; resolves with its path. */
export async function createConsumerProject({ installer = 'npm', dependencies, devDependencies = {}, files }: ConsumerOptions): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), 'relogin-consumer-'))
  const manifest = { name: 'consumer', private: true, dependencies, devDependencies: { vite: pin('vite'), ...devDependencies } }
  await writeFile(join(project, 'package.json'), JSON.stringify(manifest, null, 2))
  for (const [name, text] of Object.entries({ ...shell, ...files })) {
    await mkdir(dirname(join(project, name)), { recursive: true })
    await writeFile(join(project, name), text)
  }
  // --prefer-offline: the packages are the ones this repo just installed, so the cache has them.
  if (installer === 'npm') await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project)
  else await run(join(repoRoot, 'node_modules/.bin/pnpm'), ['install', '--prefer-offline', '--config.strict-peer-dependencies=true', '--reporter=append-only'], project)
  return project
}

// vitest sets NODE_ENV=test, which makes uni emit an unbundled development layout.
const { NODE_ENV: _vitest, ...env } = process.env

/** `uni build` in the project; `extraEnv` reaches `import.meta.env` as VITE_ variables do. */
export function buildConsumer(project: string, platform: 'mp-weixin' | 'h5', extraEnv: Record<string, string> = {}) {
  const args = platform === 'h5' ? ['uni', 'build'] : ['uni', 'build', '-p', platform]
  return run('npx', args, project, { ...env, CI: '1', UNI_INPUT_DIR: project, ...extraEnv })
}

/** Runs a command, async so the vitest worker stays responsive; its output joins the error. */
export async function run(command: string, args: string[], cwd: string, runEnv: NodeJS.ProcessEnv = env): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(command, args, { cwd, env: runEnv, maxBuffer: 64 * 1024 * 1024 })
    return stdout
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`)
  }
}

/**
 * A main.ts and a page that load `/profile` from the sample backend, with the package imported as
 * `specifier` ('uni-relogin', '@/uni_modules/uni-relogin'). Typed strictly enough for `strict: true`.
 */
export function expiryApp(specifier: string): Record<string, string> {
  return {
    'main.ts': `import { createSSRApp } from 'vue'
import { createPinia } from 'pinia'
import { createRelogin } from '${specifier}'
import App from './App.vue'

interface Envelope<T = unknown> { code: string; data: T }

export function createApp() {
  const app = createSSRApp(App)
  app.use(createPinia())
  app.use(createRelogin({
    baseURL: import.meta.env.VITE_API_BASE,
    // The sample backend's protocol: an expired token is HTTP 200 with business code 001101.
    isExpired: (res) => (res.data as Envelope | null)?.code === '001101',
    exchange: async (code, http) => {
      const { data } = await http.post<Envelope<{ token: string }>>('/v1/cif/loginByCode.do', { code })
      return { token: data.data.token }
    },
  }))
  return { app }
}
`,
    'pages/index/index.vue': `<script setup lang="ts">
import { ref } from 'vue'
import { useApi } from '${specifier}'

const api = useApi()
const loads = ref(0)
const user = ref('')
async function load() {
  user.value = (await api.get<{ data: { userId: string } }>('/profile')).data.userId
  loads.value++
}
</script>
<template>
  <view class="load" @tap="load">consumer-page</view>
  <view v-if="loads" :class="'profile-' + loads">{{ user }}</view>
</template>
`,
  }
}

/**
 * Runs the project's mp-weixin build as WeChat would (the e2e harness) against `backend`: loads the
 * profile, expires every token, loads it again, and expects one silent login and one replay.
 */
export async function expectOneReplayedExpiry(project: string, backend: Backend, openid: string): Promise<void> {
  const session = await openSession({ distDir: join(project, 'dist/build/mp-weixin'), backendUrl: backend.url, openid, images: [] })
  try {
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
  } finally {
    await session.close()
  }
}
