/**
 * The uni_module's package.json, by the plugin market's documented rules (DCloud's uni_modules page
 * and its publishing guide): the id is `authorId-name`, at most 5 keywords, and the `dcloudext` and
 * `uni_modules` blocks in the notation of HBuilderX 4.71 and later.
 */
import { platforms } from './compatibility'

/**
 * Ours unless the publisher passes their own: the author id before the first `-` is the DCloud
 * account that publishes the plugin.
 */
export const defaultPluginId = 'sflight-relogin'

/** What the market's search shows first: the words Chinese uni-app teams look for. */
const keywords = ['无感刷新token', '静默登录', 'uni-id', 'uniCloud', 'luch-request']

/** Letters, digits and `_` in the author id (at least 2), then `-` and the name; `uni` and `DCloud` are DCloud's own. */
export function checkPluginId(id: string): string {
  const author = /^([A-Za-z0-9_]{2,})-[A-Za-z0-9_-]+$/.exec(id)?.[1]
  if (!author || /^(uni|dcloud)$/i.test(author)) {
    throw new TypeError(
      `[uni-relogin] plugin id '${id}': the market takes 'authorId-name' (letters, digits, '_' and '-'; an author id of at least 2 characters, not 'uni' or 'DCloud'). Pass --id yourAuthorId-relogin.`,
    )
  }
  return id
}

interface OwnPackage {
  name: string
  version: string
  description: string
  license: string
}

export function manifest(own: OwnPackage, id: string) {
  return {
    id: checkPluginId(id),
    displayName: 'uni-relogin 无感刷新token 静默单飞重新登录',
    version: own.version,
    description: own.description,
    keywords,
    license: own.license,
    main: 'index.js',
    types: 'index.d.ts',
    // uni-app 3.0.0-3081220230817001, the oldest line tests/packaging/compatibility.test.ts runs, is HBuilderX 3.8.12.
    engines: { HBuilderX: '^3.8.12', 'uni-app': '^3.8.12' },
    dcloudext: {
      type: 'sdk-js',
      sale: { regular: { price: '0.00' }, sourcecode: { price: '0.00' } },
      contact: { qq: '' },
      declaration: { ads: '无', data: '插件不采集任何数据', permissions: '无' },
      npmurl: `https://www.npmjs.com/package/${own.name}`,
      // No UI of its own: the login sheet, if any, is the app's page.
      darkmode: '-',
      i18n: '-',
      widescreen: '-',
    },
    uni_modules: {
      // luch-request travels inside index.js; pinia is HBuilderX's own for Vue 3.
      dependencies: [],
      encrypt: [],
      platforms: platforms(),
    },
  }
}

/**
 * The market reads `## <version>（<date>）` headings followed by the changes. Keep a Changelog's
 * `## [Unreleased]` becomes this version; the preamble above the first section is dropped.
 */
export function marketChangelog(changelog: string, version: string): string {
  const sections = changelog.slice(changelog.indexOf('\n## ') + 1)
  return sections
    .replace(/^## \[Unreleased\]$/m, `## ${version}（unreleased）`)
    .replace(/^## \[([^\]]+)\] - (\S+)$/gm, '## $1（$2）')
    .replace(/^### (.+)$/gm, '**$1**')
}
