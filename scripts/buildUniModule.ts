/**
 * `npm run build:uni-module [-- --id <authorId-name>] [--out <dir>]`: writes the package as a DCloud
 * plugin market module (an `sdk-js` uni_module), for apps that add plugins in HBuilderX instead of
 * npm, to dist/uni_modules/<id>/ unless told otherwise.
 * - `index.js`: the package as one ES module. luch-request is bundled in (the readme says why);
 *   vue and pinia stay imports, since uni resolves vue to its own runtime and HBuilderX brings pinia.
 * - `unicloud.js`: `installUniCloud` (`@/uni_modules/<id>/unicloud`), on `index.js`.
 * - `devtools.js`: the Vue DevTools plugin (`@/uni_modules/<id>/devtools`), development builds only.
 * - `index.d.ts`, `unicloud.d.ts`, `devtools.d.ts` and `types/`: declarations, so `import … from '@/uni_modules/<id>'` type-checks.
 * - `package.json`: our version and description, and the market's `dcloudext` and `uni_modules`
 *   blocks (scripts/uniModule/manifest.ts).
 * - `changelog.md` from CHANGELOG.md, `readme.md` from scripts/uniModule/readme.md.
 */
import { build } from 'esbuild'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { buildSubpaths } from './buildSubpaths'
import { defaultPluginId, manifest, marketChangelog } from './uniModule/manifest'
import { writeTypes } from './uniModule/writeTypes'

const root = resolve(import.meta.dirname, '..')
const { values } = parseArgs({ options: { id: { type: 'string', default: process.env.UNI_MODULE_ID || defaultPluginId }, out: { type: 'string' } } })
const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const written = manifest(own, values.id)
const out = resolve(values.out ?? join(root, 'dist/uni_modules', written.id))

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

await build({
  entryPoints: [join(root, 'src/index.ts')],
  outfile: join(out, 'index.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  // luch-request's `main` is raw ESM source; neutral resolves no main field by itself.
  mainFields: ['module', 'main'],
  // Vite's default target, as the npm package (scripts/buildPackage.ts); an app's lower target lowers it.
  target: 'es2020',
  external: ['vue', 'pinia'],
  legalComments: 'inline',
  logLevel: 'warning',
})
// `@/uni_modules/<id>/unicloud` and `/devtools`, next to index.js.
await buildSubpaths(root, out)
writeTypes(root, out, { index: 'src/index.ts', unicloud: 'unicloud/index.ts', devtools: 'devtools/index.ts' })

writeFileSync(join(out, 'package.json'), `${JSON.stringify(written, null, 2)}\n`)
writeFileSync(join(out, 'changelog.md'), marketChangelog(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), own.version))
writeFileSync(join(out, 'readme.md'), readFileSync(join(root, 'scripts/uniModule/readme.md'), 'utf8').split('{{id}}').join(written.id))
console.log(`uni_module written to ${out}`)
