import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

/*
 * Every target uni-app builds for, each from the smallest app that uses the package (minimal/:
 * one page calling useApi()), so that twelve builds stay cheap. The sample itself is built and
 * run for mp-weixin and H5 by the end-to-end suites.
 */
const root = resolve(import.meta.dirname, '../..')
const minimal = join(import.meta.dirname, 'minimal')

// vitest sets NODE_ENV=test, which makes uni emit an unbundled development layout.
const { NODE_ENV: _vitest, ...env } = process.env

/** Every file the build wrote, read as text. (Async: a blocked worker loses its vitest RPC.) */
async function build(platform: string): Promise<string[]> {
  const out = mkdtempSync(join(tmpdir(), `relogin-${platform}-`))
  const args = platform === 'h5' ? ['uni', 'build'] : ['uni', 'build', '-p', platform]
  await promisify(execFile)('npx', [...args, '--config', 'vite.config.ts'], {
    cwd: root,
    // The repo's vite config (the package's alias); the minimal app as input and as vite root,
    // so that H5 takes its index.html. A relative input dir, as in the npm scripts: an absolute
    // one changes uni's chunking.
    env: { ...env, CI: '1', VITE_ROOT_DIR: minimal, UNI_INPUT_DIR: 'tests/build/minimal', UNI_OUTPUT_DIR: out },
  })
  return readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !/\.(png|ttf)$/.test(entry.name))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
}

describe.each([
  'mp-weixin',
  'h5',
  'mp-alipay',
  'mp-toutiao',
  'app',
  'mp-qq',
  'mp-baidu',
  'mp-kuaishou',
  'mp-jd',
  'mp-lark',
  'mp-xhs',
  'mp-harmony',
])('%s', (platform) => {
  it('builds a page that uses useApi(), with the package in the output', async () => {
    const files = await build(platform)
    // Plain booleans: a failing toContain would print the whole bundle.
    expect(files.some((text) => text.includes('uni-relogin:auth'))).toBe(true)
    expect(files.some((text) => text.includes('minimal-page'))).toBe(true)
  }, 120_000)
})
