/**
 * `npm run build:uni-module`: writes dist/uni_modules/uni-relogin/, the package as a DCloud plugin
 * market module (an `sdk-js` uni_module), for apps that add plugins in HBuilderX instead of npm.
 * - `index.js`: the package as one ES module. luch-request is bundled in (the readme says why);
 *   vue and pinia stay imports, since uni resolves vue to its own runtime and HBuilderX brings pinia.
 * - `package.json`: id, version and description from ours, and the `uni_modules` block.
 * - `changelog.md` from CHANGELOG.md, `readme.md` from scripts/uniModule/readme.md.
 */
import { build } from 'esbuild'
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const out = join(root, 'dist/uni_modules/uni-relogin')
const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string
  version: string
  description: string
  keywords: string[]
  license: string
}

/** The targets `npm test` builds, in the plugin market's names; Vue 2 and uni-app x are not supported. */
const yes = 'y'
const no = 'n'
const client = {
  Vue: { vue2: no, vue3: yes },
  App: { 'app-vue': yes, 'app-nvue': no, 'app-uvue': no, 'app-harmony': no },
  'H5-mobile': { Safari: yes, 'Android Browser': yes, '微信浏览器(Android)': yes, 'QQ浏览器(Android)': yes },
  'H5-pc': { Chrome: yes, IE: no, Edge: yes, Firefox: yes, Safari: yes },
  小程序: {
    微信: yes,
    阿里: yes,
    百度: yes,
    字节跳动: yes,
    QQ: yes,
    钉钉: no,
    快手: yes,
    飞书: yes,
    京东: yes,
    小红书: yes,
  },
  快应用: { 华为: no, 联盟: no },
  鸿蒙元服务: yes,
  'uni-app x': no,
}

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

await build({
  entryPoints: [join(root, 'src/index.ts')],
  outfile: join(out, 'index.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  // luch-request's `main` is raw ESM source; neutral resolves no main field by itself.
  mainFields: ['module', 'main'],
  // Vite's default target, as the npm package (scripts/buildPackage.ts); an app's lower target lowers it.
  target: 'es2020',
  external: ['vue', 'pinia'],
  legalComments: 'inline',
  logLevel: 'warning',
})

const manifest = {
  id: own.name,
  displayName: 'uni-relogin 静默单飞重新登录 silent single-flight re-login',
  version: own.version,
  description: own.description,
  keywords: own.keywords,
  license: own.license,
  main: 'index.js',
  // uni-app 3.0.0-3081220230817001, the oldest line tests/packaging/compatibility.test.ts runs, is HBuilderX 3.8.12.
  engines: { HBuilderX: '^3.8.12' },
  dcloudext: {
    type: 'sdk-js',
    sale: { regular: { price: '0.00' }, sourcecode: { price: '0.00' } },
    contact: { qq: '' },
    declaration: { ads: '无', data: '插件不采集任何数据', permissions: '无' },
    npmurl: `https://www.npmjs.com/package/${own.name}`,
  },
  uni_modules: {
    // luch-request travels inside index.js; pinia is HBuilderX's own for Vue 3.
    dependencies: [],
    encrypt: [],
    platforms: { cloud: { tcb: no, aliyun: no, alipay: no }, client },
  },
}
writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
writeFileSync(join(out, 'changelog.md'), marketChangelog(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), own.version))
copyFileSync(join(root, 'scripts/uniModule/readme.md'), join(out, 'readme.md'))
console.log(`uni_module written to ${out}`)

/**
 * The market reads `## <version>（<date>）` headings followed by the changes. Keep a Changelog's
 * `## [Unreleased]` becomes this version; the preamble above the first section is dropped.
 */
function marketChangelog(changelog: string, version: string): string {
  const sections = changelog.slice(changelog.indexOf('\n## ') + 1)
  return sections
    .replace(/^## \[Unreleased\]$/m, `## ${version}（unreleased）`)
    .replace(/^## \[([^\]]+)\] - (\S+)$/gm, '## $1（$2）')
    .replace(/^### (.+)$/gm, '**$1**')
}
