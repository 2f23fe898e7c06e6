/**
 * `npm pack`'s `prepack`: writes dist/npm/, what the npm package ships (docs/design.md, "What the
 * package ships"):
 * - `index.js` and `testing.js`: ES modules at es2020, the syntax of vite's default build target,
 *   which every uni-app Vue 3 line's esbuild parses (the oldest tested line has esbuild 0.16); an app
 *   whose target is lower lowers them as it lowers its own code. vue, pinia and luch-request stay
 *   imports (peers and the one dependency), node:* too (the test kit runs in Node);
 * - `unicloud.js` (`uni-relogin/unicloud`), which imports the rest from `./index.js`;
 * - `devtools.js` (`uni-relogin/devtools`), development builds only (scripts/buildSubpaths.ts);
 * - `types/`: `.d.ts` generated from the source, so an app's type-check never compiles our source
 *   under its own tsconfig.
 */
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { buildSubpaths } from './buildSubpaths'

const root = resolve(import.meta.dirname, '..')
const out = join(root, 'dist/npm')

rmSync(out, { recursive: true, force: true })
execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' })
await build({
  entryPoints: { index: join(root, 'src/index.ts'), testing: join(root, 'testing/index.ts') },
  outdir: out,
  bundle: true,
  // The test kit shares the error classes with the entry: one copy, in a shared chunk.
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2020',
  external: ['vue', 'pinia', 'luch-request', 'node:*'],
  logLevel: 'warning',
})
await buildSubpaths(root, out)
// Deliberately no "type" here: an app's vitest (vite-node) then compiles these files itself, as it
// did our source, instead of handing them to Node, whose ESM loader cannot follow luch-request's
// extensionless imports. uni-app's vite build reads the files the same either way.
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ private: true, sideEffects: false }, null, 2)}\n`)
