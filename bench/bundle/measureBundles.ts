import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { PRODUCTION_DEFINES } from '../buildChildren'

export interface BundleSize {
  name: string
  /** What the numbers count. */
  counts: string
  minBytes: number
  gzipBytes: number
}

// Every app already ships pinia's own API for its stores; the baseline keeps it.
const BASE = `export { bareLuch } from '../contenders/bareLuch'\nexport { createPinia, setActivePinia, defineStore } from 'pinia'\n`

/** Entries as an app's code would import them; each is the contender file, which is what its users write. */
const ENTRIES = {
  base: BASE,
  relogin: `${BASE}export { uniRelogin } from '../contenders/uniRelogin'\n`,
  recipe: `${BASE}export { luchRecipe } from '../contenders/luchRecipe'\n`,
  alova: `export { alovaTokenAuth } from '../contenders/alovaTokenAuth'\n`,
  axios: `export { axiosAuthRefresh } from '../contenders/axiosAuthRefresh'\n`,
  seed: `export { seedWrapper } from '../contenders/seedWrapper'\n`,
}

/**
 * Scenario 6: what each stack adds to a production mp-weixin `common/vendor.js`, approximated by
 * bundling with esbuild the way uni's vite build does for mp-weixin (vite's default `modules`
 * target, esbuild minification, production defines). `vue` stays external everywhere: uni always
 * ships its own Vue runtime. gzip is zlib level 9.
 */
export async function measureBundles(): Promise<BundleSize[]> {
  const size = async (contents: string) => {
    const result = await build({
      stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' },
      bundle: true,
      write: false,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: ['es2020', 'edge88', 'firefox78', 'chrome87', 'safari14'],
      mainFields: ['browser', 'module', 'main'],
      external: ['vue'],
      define: PRODUCTION_DEFINES,
      logLevel: 'error',
    })
    const bytes = result.outputFiles[0]!.contents
    return { minBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length }
  }
  const sizes = Object.fromEntries(
    await Promise.all(Object.entries(ENTRIES).map(async ([key, contents]) => [key, await size(contents)] as const)),
  ) as Record<keyof typeof ENTRIES, { minBytes: number; gzipBytes: number }>
  const added = (key: 'relogin' | 'recipe') => ({
    minBytes: sizes[key].minBytes - sizes.base.minBytes,
    gzipBytes: sizes[key].gzipBytes - sizes.base.gzipBytes,
  })
  return [
    { name: 'uni-relogin', counts: 'added to luch-request + pinia', ...added('relogin') },
    { name: 'luch-request recipe', counts: 'added to luch-request + pinia', ...added('recipe') },
    { name: 'alova token auth', counts: 'alova + alova/client token auth + uniapp adapter, whole', ...sizes.alova },
    { name: 'axios-auth-refresh', counts: 'axios + axios-auth-refresh + uni adapter, whole', ...sizes.axios },
    { name: 'seed wrapper', counts: 'whole (it needs no library)', ...sizes.seed },
    { name: 'luch-request + pinia', counts: 'the baseline itself', ...sizes.base },
  ]
}
