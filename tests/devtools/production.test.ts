import { build } from 'esbuild'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

/** An app's main module, bundled for production as vite does it: minified, NODE_ENV replaced. */
async function bundle(features: string, mode = 'production'): Promise<string> {
  const contents = `
    import { createRelogin, retry } from './src/index'
    import { reloginDevtools } from './devtools/index'
    export const start = (app) => createRelogin({ baseURL: '/', exchange: async () => ({ token: 't' }), features: ${features} })
  `
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    mainFields: ['browser', 'module', 'main'],
    external: ['vue', 'pinia', 'luch-request'],
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    logLevel: 'error',
  })
  return result.outputFiles[0]!.text
}

describe('uni-relogin/devtools in a production build', () => {
  it('adds zero bytes when the app registers it behind a NODE_ENV check', async () => {
    const without = await bundle('[retry(2)]')
    const guarded = await bundle(`[retry(2), ...(process.env.NODE_ENV !== 'production' ? [reloginDevtools(app)] : [])]`)
    expect(guarded.length).toBe(without.length)
    // The same code: the minifier may only name its variables differently (it counts the symbols
    // of the whole module graph, the plugin's included, before it drops the plugin).
    const shape = (code: string) => code.replace(/\b[A-Za-z_$][\w$]?\b/g, '_')
    expect(shape(guarded)).toBe(shape(without))
  })

  it('leaves no devtools code even when registered unguarded, and all of it in development', async () => {
    const unguarded = await bundle('[retry(2), reloginDevtools(app)]')
    const development = await bundle('[retry(2), reloginDevtools(app)]', 'development')
    for (const marker of ['addTimelineLayer', '__VUE_DEVTOOLS', 'getInspectorTree']) {
      expect(unguarded).not.toContain(marker)
      expect(development).toContain(marker)
    }
    expect(unguarded.length - (await bundle('[retry(2)]')).length).toBeLessThan(64)
  })
})
