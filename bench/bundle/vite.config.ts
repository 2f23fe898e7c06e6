import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import app from '../../vite.config'

/**
 * The repo's own uni build, with two changes for the bundle benchmark: 'uni-relogin' is what the
 * npm package ships (dist/npm, written by scripts/buildPackage.ts), not the source; and
 * BENCH_TARGET, when set, is the app's `build.target` (e.g. 'es6', as many templates set it).
 */
export default defineConfig({
  ...app,
  resolve: {
    alias: [
      { find: /^uni-relogin$/, replacement: fileURLToPath(new URL('../../dist/npm/index.js', import.meta.url)) },
      { find: /^uni-relogin\/devtools$/, replacement: fileURLToPath(new URL('../../dist/npm/devtools.js', import.meta.url)) },
    ],
  },
  build: process.env.BENCH_TARGET ? { target: process.env.BENCH_TARGET } : {},
})
