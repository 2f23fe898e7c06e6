import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from './consumerProject'

/*
 * The generated uni_module's package.json against the plugin market's rules, written here from
 * DCloud's own documentation (the uni_modules page, "package.json" and "平台兼容性改版", and the
 * publishing guide's plugin id rules), not from scripts/uniModule/: a rule both sides got wrong the
 * same way would pass.
 */
const scratch = mkdtempSync(join(tmpdir(), 'relogin-market-'))
const buildModule = (...args: string[]) =>
  promisify(execFile)(join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/buildUniModule.ts', ...args], { cwd: repoRoot })

let manifest: Record<string, any>
beforeAll(async () => {
  await buildModule('--id', 'acme-relogin', '--out', join(scratch, 'acme-relogin'))
  manifest = JSON.parse(readFileSync(join(scratch, 'acme-relogin/package.json'), 'utf8'))
}, 60_000)
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

// 'authorId-name': letters, digits, '_' and '-'; the author id at least 2 characters, never 'uni' or 'DCloud'.
const marketId = (id: string) => {
  const [author, ...name] = id.split('-')
  return /^[\w-]+$/.test(id) && author!.length >= 2 && name.join('-').length > 0 && !['uni', 'dcloud'].includes(author!.toLowerCase())
}

// The documented keys of `uni_modules.platforms` since HBuilderX 4.71; every value is √, x or -.
const documentedPlatforms = {
  cloud: ['tcb', 'aliyun', 'alipay'],
  'uni-app': {
    vue: ['vue2', 'vue3'],
    web: ['safari', 'chrome'],
    app: ['vue', 'nvue', 'android', 'ios', 'harmony'],
    mp: ['weixin', 'alipay', 'toutiao', 'baidu', 'kuaishou', 'jd', 'harmony', 'qq', 'lark'],
    quickapp: ['huawei', 'union'],
  },
  'uni-app-x': { web: ['safari', 'chrome'], app: ['android', 'ios', 'harmony'], mp: ['weixin'] },
}
const keysOf = (value: object) => Object.keys(value).sort()

describe('the uni_module package.json, by the plugin market rules', () => {
  it('takes the publisher id it is given, and refuses one the market would reject', async () => {
    expect(manifest.id).toBe('acme-relogin')
    for (const id of ['uni-relogin', 'DCloud-relogin', 'a-relogin', 'relogin', 'acme-re login']) {
      expect(marketId(id)).toBe(false)
      await expect(buildModule('--id', id, '--out', join(scratch, 'refused'))).rejects.toThrow(/plugin id/)
    }
    expect(existsSync(join(scratch, 'refused'))).toBe(false)
  }, 60_000)

  it('has a default id the market accepts, used for the folder', () => {
    const source = readFileSync(join(repoRoot, 'scripts/uniModule/manifest.ts'), 'utf8')
    const id = /defaultPluginId = '([^']+)'/.exec(source)![1]!
    expect(marketId(id)).toBe(true)
  })

  it('has every required field, at most 5 keywords, and our version', () => {
    const own = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))
    for (const field of ['id', 'displayName', 'version', 'description']) expect(typeof manifest[field]).toBe('string')
    expect(manifest.version).toBe(own.version)
    expect(manifest.keywords.length).toBeGreaterThan(0)
    expect(manifest.keywords.length).toBeLessThanOrEqual(5)
    expect(manifest.engines.HBuilderX).toMatch(/^\^\d+\.\d+\.\d+$/)
  })

  it('declares a free JS SDK with its privacy declaration filled in', () => {
    expect(manifest.dcloudext).toMatchObject({ type: 'sdk-js', sale: { regular: { price: '0.00' }, sourcecode: { price: '0.00' } } })
    for (const field of ['ads', 'data', 'permissions']) expect(manifest.dcloudext.declaration[field]).toMatch(/\S/)
    for (const field of ['darkmode', 'i18n', 'widescreen']) expect(['√', 'x', '-']).toContain(manifest.dcloudext[field])
    expect(manifest.uni_modules).toMatchObject({ dependencies: [], encrypt: [] })
  })

  it('fills the compatibility table with exactly the documented keys and marks', () => {
    const { cloud, client } = manifest.uni_modules.platforms
    expect(keysOf(cloud)).toEqual([...documentedPlatforms.cloud].sort())
    expect(keysOf(client)).toEqual(['uni-app', 'uni-app-x'])
    for (const side of ['uni-app', 'uni-app-x'] as const) {
      expect(keysOf(client[side])).toEqual(keysOf(documentedPlatforms[side]))
      for (const [group, keys] of Object.entries(documentedPlatforms[side])) expect(keysOf(client[side][group])).toEqual([...keys].sort())
    }
    const marks = [...Object.values(cloud), ...Object.values(client).flatMap((side: any) => Object.values(side).flatMap((group: any) => Object.values(group)))]
    expect(marks.every((mark) => mark === '√' || mark === 'x' || mark === '-')).toBe(true)
  })

  it('marks √ exactly the targets tests/build/targets.test.ts builds, and Vue 3 only', () => {
    const built = readFileSync(join(repoRoot, 'tests/build/targets.test.ts'), 'utf8')
    expect(built).toContain('describe.each(builtTargets)')
    const { 'uni-app': app, 'uni-app-x': x } = manifest.uni_modules.platforms.client
    expect(app.vue).toEqual({ vue2: 'x', vue3: '√' })
    expect(app.mp).toEqual({ weixin: '√', alipay: '√', toutiao: '√', baidu: '√', kuaishou: '√', jd: '√', harmony: '√', qq: '√', lark: '√' })
    expect(app.web).toEqual({ safari: '√', chrome: '√' })
    expect(app.app).toEqual({ vue: '√', nvue: 'x', android: '√', ios: '√', harmony: '-' })
    expect(app.quickapp).toEqual({ huawei: '-', union: '-' })
    expect(JSON.stringify(x).includes('√')).toBe(false)
  })

  it('marks √ the one uniCloud provider tests/unicloud/ runs the real SDK against', () => {
    expect(manifest.uni_modules.platforms.cloud).toEqual({ aliyun: '√', tcb: '-', alipay: '-' })
    expect(readFileSync(join(repoRoot, 'tests/unicloud/support/setupUniCloud.ts'), 'utf8')).toContain("provider: 'aliyun'")
  })

  it('ships declarations next to the code, with luch-request resolved inside the module', () => {
    const dir = join(scratch, 'acme-relogin')
    expect(manifest).toMatchObject({ main: 'index.js', types: 'index.d.ts' })
    expect(readFileSync(join(dir, 'index.d.ts'), 'utf8')).toContain("from './types/src/index'")
    expect(readFileSync(join(dir, 'types/src/options.d.ts'), 'utf8')).not.toContain("'luch-request'")
    expect(existsSync(join(dir, 'types/luch-request.d.ts'))).toBe(true)
  })

  it('names its own id in the readme', () => {
    const readme = readFileSync(join(scratch, 'acme-relogin/readme.md'), 'utf8')
    expect(readme).toContain("from '@/uni_modules/acme-relogin'")
    expect(readme).not.toContain('{{id}}')
  })
})
