import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'

/** One module in variants/ each: what a page of that app imports and calls. */
export const VARIANTS = [
  'baseline',
  'bare-luch',
  'relogin-full',
  'relogin-min',
  // The Vue DevTools plugin behind the README's development check, and the same app without it.
  'relogin-devtools',
  'relogin-none',
  'recipe',
  'alova-bare',
  'alova',
  'axios-bare',
  'axios',
  'seed',
] as const

/**
 * "What each feature adds" (`--features`): each variant is relogin-min, the core, plus one import
 * in use, so the difference of the two builds is what that import costs an app.
 */
export const FEATURES = [
  { name: 'retry()', variant: 'relogin-retry' },
  { name: 'backgroundResume()', variant: 'relogin-backgroundResume' },
  { name: 'offlineWait()', variant: 'relogin-offlineWait' },
  { name: 'shareTabs()', variant: 'relogin-shareTabs' },
  { name: 'refreshTokens()', variant: 'relogin-refreshTokens' },
  { name: 'renewBeforeExpiry()', variant: 'relogin-renewBeforeExpiry' },
  { name: 'adoptInstance()', variant: 'relogin-adoptInstance' },
  { name: 'useLoginPrompt()', variant: 'relogin-useLoginPrompt' },
  { name: 'createIdempotencyKey()', variant: 'relogin-createIdempotencyKey' },
  { name: 'jwtExpiresIn()', variant: 'relogin-jwtExpiresIn' },
  { name: 'traceRecorder()', variant: 'relogin-traceRecorder' },
  { name: 'useAuth()', variant: 'relogin-useAuth' },
] as const
export type Variant = (typeof VARIANTS)[number] | (typeof FEATURES)[number]['variant']

export interface Stack {
  /** Label in the bundle table. */
  name: string
  variant: Variant
  /** The HTTP library it is built on, alone with a token header: for "beyond its HTTP library". */
  library?: { name: string; variant: Variant }
  /** The scenario contenders it is the bundle of (their summary column). */
  contenders?: string[]
}

const LUCH = { name: 'luch-request', variant: 'bare-luch' } as const

/** The bundle table's rows, in order. */
export const STACKS: Stack[] = [
  { name: 'uni-relogin, every feature imported', variant: 'relogin-full', library: LUCH },
  // The scenario contender is configured as the core alone, so its summary column is the core's bundle.
  { name: 'uni-relogin, the core (silent re-login only)', variant: 'relogin-min', library: LUCH, contenders: ['uni-relogin'] },
  { name: 'luch-request recipe', variant: 'recipe', library: LUCH, contenders: ['luch-request recipe'] },
  { name: 'alova token auth', variant: 'alova', library: { name: 'alova + uniapp adapter', variant: 'alova-bare' }, contenders: ['alova token auth'] },
  {
    name: 'axios-auth-refresh (either setting)',
    variant: 'axios',
    library: { name: 'axios + uni adapter', variant: 'axios-bare' },
    contenders: ['axios-auth-refresh', 'axios-auth-refresh (dedupe off)'],
  },
  { name: 'seed wrapper', variant: 'seed', contenders: ['seed wrapper'] },
  { name: 'bare luch-request', variant: 'bare-luch' },
  { name: 'alova + uniapp adapter', variant: 'alova-bare' },
  { name: 'axios + uni adapter', variant: 'axios-bare' },
]

/** `default`: uni's own (vite's `modules`); `es6`: `build.target: 'es6'`, as many templates set it. */
export const TARGETS = ['default', 'es6'] as const
export type Target = (typeof TARGETS)[number]

export interface VariantSize {
  variant: Variant
  target: Target
  /** common/vendor.js as built (minified). */
  rawBytes: number
  /** The same, gzip level 9. */
  gzipBytes: number
}

const root = resolve(import.meta.dirname, '../..')
const run = promisify(execFile)
/** Two cores: two builds at once keeps both busy without one build starving the other. */
const PARALLEL_BUILDS = 2

/** The generated app: one page, whose setup calls the variant, and a main.ts that installs it. */
function projectFiles(project: string, variant: Variant): Record<string, string> {
  const from = (file: string) => relative(dirname(join(project, file)), join(import.meta.dirname, 'variants', variant))
  return {
    // One name for every variant: uni compiles it into vendor.js, so a name of its own would move
    // each variant's size by its length.
    'manifest.json': `${JSON.stringify({ name: 'bench', appid: '', versionName: '1.0.0', versionCode: '100', vueVersion: '3', 'mp-weixin': { appid: 'touristappid', usingComponents: true }, uniStatistics: { enable: false } })}\n`,
    'pages.json': `${JSON.stringify({ pages: [{ path: 'pages/index/index' }] })}\n`,
    'App.vue': '<script setup lang="ts">\n// The shell: one page.\n</script>\n',
    'main.ts': [
      `import { createSSRApp } from 'vue'`,
      `import { install } from '${from('main.ts')}'`,
      `import App from './App.vue'`,
      `export function createApp() {`,
      `  const app = createSSRApp(App)`,
      `  install(app)`,
      `  return { app }`,
      `}`,
      '',
    ].join('\n'),
    'pages/index/index.vue': [
      `<script setup lang="ts">`,
      `import { ref } from 'vue'`,
      `import { usePage } from '${from('pages/index/index.vue')}'`,
      `const load = usePage()`,
      `const out = ref('')`,
      `const tap = async () => (out.value = JSON.stringify(await load()))`,
      `</script>`,
      `<template><view @tap="tap">{{ out }}</view></template>`,
      '',
    ].join('\n'),
  }
}

// vitest and some shells set NODE_ENV, which makes uni emit an unbundled development layout.
const { NODE_ENV: _nodeEnv, ...buildEnv } = process.env

/**
 * One production `uni build -p mp-weixin` through the repo's vite config (bench/bundle/vite.config.ts),
 * of a generated app under bench/.build/ (inside the repo, so that its imports resolve to the repo's
 * node_modules; given to uni as a relative input dir, as the npm scripts do: an absolute one changes
 * uni's chunking). Returns the size of the built common/vendor.js; the app and its output are removed.
 */
async function buildVariant(variant: Variant, target: Target): Promise<VariantSize> {
  const project = join(root, 'bench/.build', `${variant}.${target}`)
  const out = await mkdtemp(join(tmpdir(), `relogin-bench-${variant}-`))
  try {
    for (const [file, text] of Object.entries(projectFiles(project, variant))) {
      await mkdir(dirname(join(project, file)), { recursive: true })
      await writeFile(join(project, file), text)
    }
    const env = { ...buildEnv, CI: '1', VITE_ROOT_DIR: project, UNI_INPUT_DIR: relative(root, project), UNI_OUTPUT_DIR: out }
    await run(join(root, 'node_modules/.bin/uni'), ['build', '-p', 'mp-weixin', '--config', 'bench/bundle/vite.config.ts'], {
      cwd: root,
      env: target === 'default' ? env : { ...env, BENCH_TARGET: target },
      maxBuffer: 16 * 1024 * 1024,
    })
    const vendor = await readFile(join(out, 'common/vendor.js'))
    return { variant, target, rawBytes: vendor.length, gzipBytes: gzipSync(vendor, { level: 9 }).length }
  } finally {
    await rm(project, { recursive: true, force: true })
    await rm(out, { recursive: true, force: true })
  }
}

/**
 * Scenario 6: builds each requested variant at each requested target with the real uni build, two
 * at a time, after writing dist/npm once (`uni-relogin` is imported as consumers get it).
 */
export async function measureBundles(
  variants: readonly Variant[],
  targets: readonly Target[],
  say: (text: string) => void,
): Promise<VariantSize[]> {
  say('bundle: writing dist/npm (scripts/buildPackage.ts)')
  await run(join(root, 'node_modules/.bin/tsx'), ['scripts/buildPackage.ts'], { cwd: root })
  const jobs = targets.flatMap((target) => variants.map((variant) => ({ variant, target })))
  const sizes: VariantSize[] = []
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const { variant, target } = jobs[next++]!
      const size = await buildVariant(variant, target)
      say(`bundle: ${variant} (${target}): vendor.js ${size.rawBytes} B, ${size.gzipBytes} B gz`)
      sizes.push(size)
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_BUILDS }, worker))
  return sizes
}

/** Bytes `variant` adds to `over`'s vendor.js at one target. */
export function addedBytes(sizes: VariantSize[], variant: Variant, over: Variant, target: Target): { rawBytes: number; gzipBytes: number } {
  const find = (name: Variant) => {
    const size = sizes.find((s) => s.variant === name && s.target === target)
    if (!size) throw new Error(`no ${name} build at target ${target}`)
    return size
  }
  const [a, b] = [find(variant), find(over)]
  return { rawBytes: a.rawBytes - b.rawBytes, gzipBytes: a.gzipBytes - b.gzipBytes }
}
