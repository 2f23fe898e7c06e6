import { build, type BuildOptions } from 'esbuild'
import { join } from 'node:path'

/**
 * Writes the subpath entries next to a built `index.js`, for the npm package and the uni_module
 * alike:
 * - `unicloud.js` (`uni-relogin/unicloud`) imports the core from `./index.js` instead of bundling a
 *   copy, so the app ships one auth store and one set of errors, and `index.js` stays as it is
 *   without it. unicloud/ reaches the core only through `../src/index`.
 * - `devtools.js` (`uni-relogin/devtools`) holds no state of the core's (the pure helpers it uses
 *   are copied in), and `@vue/devtools-api` stays an import (pinia brings it). Its
 *   `process.env.NODE_ENV` is left for the app's build to fold, which drops it from production.
 * vue stays an import: uni resolves it to its own runtime.
 */
export async function buildSubpaths(root: string, out: string): Promise<void> {
  const shared: BuildOptions = { bundle: true, format: 'esm', platform: 'neutral', target: 'es2020', logLevel: 'warning' }
  await build({
    ...shared,
    entryPoints: [join(root, 'unicloud/index.ts')],
    outfile: join(out, 'unicloud.js'),
    external: ['vue'],
    plugins: [
      {
        name: 'entry-as-import',
        setup(entry) {
          entry.onResolve({ filter: /^\.\.\/src\/index$/ }, () => ({ path: './index.js', external: true }))
        },
      },
    ],
  })
  await build({ ...shared, entryPoints: [join(root, 'devtools/index.ts')], outfile: join(out, 'devtools.js'), external: ['vue', '@vue/devtools-api'] })
}
