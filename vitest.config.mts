import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// A config of its own: the uni() vite plugin must not load under vitest (docs/design.md).
export default defineConfig({
  // The sample's modules import 'uni-relogin', as an app's do: the local source, as in vite.config.ts.
  resolve: {
    alias: [
      { find: /^uni-relogin$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^uni-relogin\/devtools$/, replacement: fileURLToPath(new URL('./devtools/index.ts', import.meta.url)) },
      // The uniCloud SDK's ES build reads the app's pages.json (uniIdRouter) at load: the tests' own.
      { find: /^@\/pages\.json$/, replacement: fileURLToPath(new URL('./tests/unicloud/pages.json', import.meta.url)) },
    ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // The uniCloud SDK's ES build, compiled by vite so that the alias above applies to it.
    server: { deps: { inline: [/@dcloudio\/uni-cloud/] } },
    // The npm Chromium, unpacked once; the tarball, packed once; one real PostgreSQL for the whole run.
    globalSetup: ['tests/e2e/h5/unpackChromium.ts', 'tests/packaging/packTarball.ts', 'tests/server/startPostgres.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'dist/test-results.json' },
  },
})
