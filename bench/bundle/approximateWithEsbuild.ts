import { build } from 'esbuild'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { PRODUCTION_DEFINES } from '../buildChildren'
import type { Target } from './measureBundles'

/** vite 5's `modules` target, the default uni keeps for mp-weixin; `es6` is es2015. */
const ESBUILD_TARGETS: Record<Target, string[]> = {
  default: ['es2020', 'edge88', 'firefox78', 'chrome87', 'safari14'],
  es6: ['es2015'],
}

/**
 * The former scenario 6 method, kept as a cross-check of the real build while it stays within 10%
 * of it: the same variant modules bundled by esbuild alone (minified, production defines, `vue`
 * external since uni ships its own runtime), no uni build. Returns `bundle`: relogin-full minus
 * bare-luch. Needs dist/npm (written by measureBundles).
 */
export async function approximateWithEsbuild(target: Target): Promise<{ rawBytes: number; gzipBytes: number }> {
  const size = async (variant: string) => {
    const result = await build({
      stdin: { contents: `export { install, usePage } from './variants/${variant}'\n`, resolveDir: import.meta.dirname, loader: 'ts' },
      bundle: true,
      write: false,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: ESBUILD_TARGETS[target],
      mainFields: ['browser', 'module', 'main'],
      external: ['vue'],
      alias: { 'uni-relogin': join(resolve(import.meta.dirname, '../..'), 'dist/npm/index.js') },
      define: PRODUCTION_DEFINES,
      logLevel: 'error',
    })
    const bytes = result.outputFiles[0]!.contents
    return { rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length }
  }
  const [full, bare] = [await size('relogin-full'), await size('bare-luch')]
  return { rawBytes: full.rawBytes - bare.rawBytes, gzipBytes: full.gzipBytes - bare.gzipBytes }
}
