import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { builtTargets } from '../../scripts/uniModule/compatibility'

/*
 * Every target uni-app builds for, each from the smallest app that uses the package (minimal/:
 * one page calling useApi()), so that twelve builds stay cheap. The sample itself is built and
 * run for mp-weixin and H5 by the end-to-end suites.
 */
const root = resolve(import.meta.dirname, '../..')
const minimal = join(import.meta.dirname, 'minimal')

// vitest sets NODE_ENV=test, which makes uni emit an unbundled development layout.
const { NODE_ENV: _vitest, ...env } = process.env

/**
 * Every file the build wrote, read as text. (Async: a blocked worker loses its vitest RPC.)
 * `input` is a relative app folder, as in the npm scripts: an absolute one changes uni's chunking.
 */
async function build(platform: string, input = 'tests/build/minimal', config = 'vite.config.ts'): Promise<string[]> {
  const out = mkdtempSync(join(tmpdir(), `relogin-${platform}-`))
  const args = platform === 'h5' ? ['uni', 'build'] : ['uni', 'build', '-p', platform]
  await promisify(execFile)('npx', [...args, '--config', config], {
    cwd: root,
    // The app as input and as vite root, so that H5 takes its index.html.
    env: { ...env, CI: '1', VITE_ROOT_DIR: join(root, input), UNI_INPUT_DIR: input, UNI_OUTPUT_DIR: out },
  })
  return readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !/\.(png|ttf)$/.test(entry.name))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
}

// The same list fills the plugin market's compatibility table (scripts/uniModule/compatibility.ts).
describe.each(builtTargets)('%s', (platform) => {
  it('builds a page that uses useApi(), with the package in the output', async () => {
    const files = await build(platform)
    // Plain booleans: a failing toContain would print the whole bundle.
    expect(files.some((text) => text.includes('uni-relogin:auth'))).toBe(true)
    expect(files.some((text) => text.includes('minimal-page'))).toBe(true)
  }, 120_000)
})

describe('an app on uview-plus', () => {
  // The minimal app with one-luch/main.ts, which hands over uview-plus's `uni.$u.http`. Inside the
  // repo, so that its imports resolve from node_modules; ignored by git.
  const input = 'tests/build/.one-luch'
  beforeAll(() => {
    rmSync(join(root, input), { recursive: true, force: true })
    cpSync(minimal, join(root, input), { recursive: true })
    cpSync(join(import.meta.dirname, 'one-luch/main.ts'), join(root, input, 'main.ts'))
  })

  it("ships one luch-request with the alias of docs/recipes/uview-plus.md", async () => {
    const files = await build('mp-weixin', input, 'tests/build/one-luch/vite.config.ts')
    // luch-request's constructor warning, in both its 3.0 and 3.1 lines: one per copy.
    const copies = files.join('\n').split('设置全局参数必须接收一个Object').length - 1
    expect(copies).toBe(1)
    expect(files.some((text) => text.includes('uni-relogin:auth'))).toBe(true)
  }, 120_000)
})
