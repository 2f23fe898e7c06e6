import { build } from 'esbuild'
import { join } from 'node:path'

/**
 * Writes `unicloud.js` (`uni-relogin/unicloud`) next to a built `index.js`, for the npm package and
 * the uni_module alike. It imports the core from `./index.js` instead of bundling a copy, so the app
 * ships one auth store and one set of errors, and `index.js` stays as it is without it. unicloud/
 * reaches the core only through `../src/index`; vue stays an import (uni resolves it to its own).
 */
export function buildUniCloudEntry(root: string, out: string) {
  return build({
    entryPoints: [join(root, 'unicloud/index.ts')],
    outfile: join(out, 'unicloud.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    external: ['vue'],
    plugins: [
      {
        name: 'entry-as-import',
        setup(entry) {
          entry.onResolve({ filter: /^\.\.\/src\/index$/ }, () => ({ path: './index.js', external: true }))
        },
      },
    ],
    logLevel: 'warning',
  })
}
