import { defineConfig } from 'vitest/config'

// A config of its own: the uni() vite plugin must not load under vitest (DESIGN.md §4).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // One real PostgreSQL for the whole run, for the server tests that run on it.
    globalSetup: ['tests/server/startPostgres.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'dist/test-results.json' },
  },
})
