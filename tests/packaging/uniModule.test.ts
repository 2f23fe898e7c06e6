import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBackend, type Backend } from '../e2e/support/startBackend'
import { defaultPluginId } from '../../scripts/uniModule/manifest'
import { buildConsumer, createConsumerProject, expectOneReplayedExpiry, expiryApp, pin, repoRoot, run, uniAppDependencies } from './consumerProject'

/*
 * The package as an HBuilderX user gets it from the plugin market: `npm run build:uni-module`'s
 * folder copied into a fresh uni-app project's uni_modules/, imported as `@/uni_modules/<id>`,
 * type-checked under a strict tsconfig, built for mp-weixin, and run as WeChat would (the e2e
 * harness) against the sample backend, through one expiry and its replay. The market's rules for
 * its package.json are tests/packaging/marketRules.test.ts.
 */
const moduleDir = join(repoRoot, 'dist/uni_modules', defaultPluginId)
const specifier = `@/uni_modules/${defaultPluginId}`

// A TypeScript template's tsconfig, strict, resolving `@/` as uni-app's vite config does.
const typed: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      skipLibCheck: true,
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ESNext', 'DOM'],
      types: ['@dcloudio/types', 'vite/client'],
      jsx: 'preserve',
      noEmit: true,
      baseUrl: '.',
      paths: { '@/*': ['./*'] },
    },
    include: ['main.ts', 'App.vue', 'pages/**/*.vue', 'env.d.ts', 'cloud.ts', 'devtools.ts'],
  }),
  // Type-checked, not built: uniCloud's global from @dcloudio/types, handed to the module's installUniCloud.
  'cloud.ts': `import { installUniCloud } from '${specifier}/unicloud'\nexport const installCloud = () => installUniCloud(uniCloud, { expiredCodes: ['uni-id-token-expired'] })\n`,
  // Type-checked, not built: the DevTools plugin, registered as docs/guide/devtools.md has it.
  'devtools.ts': `import type { App } from 'vue'\nimport { createRelogin } from '${specifier}'\nimport { reloginDevtools } from '${specifier}/devtools'\nexport const wire = (app: App) => createRelogin({ baseURL: 'https://api.example.com', exchange: async () => ({ token: 't' }), features: import.meta.env.DEV ? [reloginDevtools(app)] : [] })\n`,
  'env.d.ts': "declare module '*.vue' {\n  import type { DefineComponent } from 'vue'\n  const component: DefineComponent\n  export default component\n}\n",
}

let backend: Backend
let project: string

beforeAll(async () => {
  backend = await startBackend()
  await run('npm', ['run', 'build:uni-module'], repoRoot)
  // No uni-relogin and no luch-request from npm: only the uni_module brings them.
  project = await createConsumerProject({
    dependencies: uniAppDependencies(),
    devDependencies: { '@dcloudio/types': pin('@dcloudio/types'), typescript: pin('typescript'), 'vue-tsc': pin('vue-tsc') },
    files: { ...expiryApp(specifier), ...typed },
  })
  await cp(moduleDir, join(project, 'uni_modules', defaultPluginId), { recursive: true })
  await buildConsumer(project, 'mp-weixin', { VITE_API_BASE: backend.url })
}, 600_000)

afterAll(() => backend?.close())

describe('the uni_module in a fresh uni-app project', () => {
  it('is the sdk-js module at our version, with its changelog in the market format', async () => {
    const manifest = JSON.parse(await readFile(join(moduleDir, 'package.json'), 'utf8'))
    const own = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'))
    expect(manifest).toMatchObject({ id: defaultPluginId, version: own.version, dcloudext: { type: 'sdk-js' } })
    expect(await readFile(join(moduleDir, 'changelog.md'), 'utf8')).toMatch(new RegExp(`^## ${own.version}（`))
  })

  it(`type-checks a page that imports '@/uni_modules/<id>' (and its /unicloud and /devtools) with the app's own vue-tsc, strict, at 0 errors`, async () => {
    await expect(run('npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.json'], project)).resolves.toBe('')
  }, 120_000)

  it('bundles luch-request and leaves vue and pinia to the app', async () => {
    const entry = await readFile(join(moduleDir, 'index.js'), 'utf8')
    expect(entry.includes('from "luch-request"')).toBe(false)
    expect(entry.match(/^import .* from "([^"]+)";$/gm)?.map((line) => line.split('"')[1])).toEqual(expect.arrayContaining(['vue', 'pinia']))
    expect(entry.match(/^import .* from "([^"]+)";$/gm)?.every((line) => /"(vue|pinia)"/.test(line))).toBe(true)
  })

  it('runs the built mp-weixin app through one expiry: one silent login, and the request replayed', () =>
    expectOneReplayedExpiry(project, backend, 'uni-module'), 60_000)
})
