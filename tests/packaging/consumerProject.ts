import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'

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

/** A uni-app Vue 3 project's runtime dependencies, at this repo's versions. */
export const uniAppDependencies = {
  pinia: pin('pinia'),
  vue: pin('vue'),
  ...Object.fromEntries(dcloud.map((name) => [`@dcloudio/${name}`, pin(`@dcloudio/${name}`)])),
}

const shell: Record<string, string> = {
  'index.html': '<!DOCTYPE html><html><head><meta charset="UTF-8" /></head><body><div id="app"></div><script type="module" src="/main.ts"></script></body></html>',
  'manifest.json': JSON.stringify({ name: 'consumer', appid: '', vueVersion: '3', 'mp-weixin': { appid: 'touristappid', usingComponents: true } }),
  'pages.json': JSON.stringify({ pages: [{ path: 'pages/index/index' }] }),
  'vite.config.ts': "import uni from '@dcloudio/vite-plugin-uni'\nimport { defineConfig } from 'vite'\nexport default defineConfig({ plugins: [uni()] })\n",
  'App.vue': '<script setup lang="ts">\n// The consumer app shell.\n</script>\n',
}

export interface ConsumerOptions {
  dependencies: Record<string, string>
  devDependencies?: Record<string, string>
  /** main.ts, pages/index/index.vue and anything else, by path; these win over the shell's. */
  files: Record<string, string>
}

/** Writes the project into a new temp dir and installs it; resolves with its path. */
export async function createConsumerProject({ dependencies, devDependencies = {}, files }: ConsumerOptions): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), 'relogin-consumer-'))
  const manifest = { name: 'consumer', private: true, dependencies, devDependencies: { vite: pin('vite'), ...devDependencies } }
  await writeFile(join(project, 'package.json'), JSON.stringify(manifest, null, 2))
  for (const [name, text] of Object.entries({ ...shell, ...files })) {
    await mkdir(dirname(join(project, name)), { recursive: true })
    await writeFile(join(project, name), text)
  }
  // --prefer-offline: the packages are the ones this repo just installed, so the cache has them.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project)
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
