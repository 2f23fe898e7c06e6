import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * The sample compiles for the other mini program targets too. (mp-weixin and H5 are built, and
 * run, by the end-to-end suites.)
 */
const root = resolve(import.meta.dirname, '../..')

// vitest sets NODE_ENV=test, which makes uni emit an unbundled development layout.
const { NODE_ENV: _vitest, ...env } = process.env

function build(platform: string): string {
  const out = mkdtempSync(join(tmpdir(), `relogin-${platform}-`))
  execFileSync('npx', ['uni', 'build', '-p', platform], {
    cwd: root,
    stdio: 'pipe',
    // A relative input dir, as in the npm scripts: an absolute one changes uni's chunking.
    env: { ...env, CI: '1', UNI_INPUT_DIR: '.', UNI_OUTPUT_DIR: out },
  })
  return out
}

describe.each([
  { platform: 'mp-alipay', login: 'getAuthCode' },
  { platform: 'mp-toutiao', login: 'login' },
])('$platform', ({ platform, login }) => {
  it(`builds the sample with the package, whose default getCode reaches the platform's ${login}`, () => {
    const out = build(platform)
    const vendor = readFileSync(join(out, 'common/vendor.js'), 'utf8')
    // Plain booleans: a failing toContain would print the whole bundle.
    expect(vendor.includes('uni-relogin:auth')).toBe(true)
    expect(vendor.includes(login)).toBe(true)
    expect(readdirSync(join(out, 'pages/register')).length).toBeGreaterThan(0)
  }, 120_000)
})
