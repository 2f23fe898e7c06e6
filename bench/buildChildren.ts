import { build } from 'esbuild'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Vue's bundler builds want their feature flags defined; production mode everywhere, as in an app build. */
export const PRODUCTION_DEFINES = {
  'process.env.NODE_ENV': '"production"',
  __VUE_OPTIONS_API__: 'true',
  __VUE_PROD_DEVTOOLS__: 'false',
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
}

const ENTRIES = ['scenarios/main.ts', 'server/main.ts', 'cpu/main.ts', 'memory/main.ts']

/**
 * Bundles the child processes' entries into plain ESM for `node --expose-gc`. Bundling is needed,
 * not just convenient: luch-request ships raw extensionless ESM that Node cannot load, and the
 * uniapp adapter must come from its ESM build (hence `module` before `main`). Every contender goes
 * through the same build, so none gets a different transform.
 */
export async function buildChildren(): Promise<Record<'scenarios' | 'cpu' | 'memory', string>> {
  const outdir = join(tmpdir(), 'uni-relogin-bench')
  await mkdir(outdir, { recursive: true })
  await build({
    entryPoints: Object.fromEntries(ENTRIES.map((entry) => [entry.split('/')[0], join(import.meta.dirname, entry)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    // For `--profile`: maps the profile's bundle positions back to source lines.
    sourcemap: true,
    define: PRODUCTION_DEFINES,
    // CommonJS dependencies (axios's Node build) call require() for builtins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  })
  return { scenarios: join(outdir, 'scenarios.mjs'), cpu: join(outdir, 'cpu.mjs'), memory: join(outdir, 'memory.mjs') }
}
