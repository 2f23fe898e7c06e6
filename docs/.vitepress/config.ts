import { defineConfig, type DefaultTheme } from 'vitepress'
import { repoLinks } from './repoLinks'
import { contributorPages } from './sitePages'

/** Both locales have the same pages: each entry is a page's path and its title in each language. */
type Entry = [path: string, en: string, zh: string]

const guide: Entry[] = [
  ['guide/why', 'Why uni-relogin', '为什么用 uni-relogin'],
  ['guide/quick-start', 'Quick start', '快速开始'],
  ['guide/install', 'Install in your app', '在你的应用中安装'],
  ['guide/api', 'API', 'API'],
  ['guide/session', "The session's states", '会话的状态'],
  ['guide/request-lifecycle', "Every request's lifecycle", '每个请求的生命周期'],
  ['guide/login-budget', 'The login budget', '登录预算'],
  ['guide/guarantees', 'Guarantees', '保证'],
  ['guide/login-sheet', 'When the user must log in', '需要用户登录时'],
  ['guide/exactly-once', 'Exactly-once submits', '提交恰好一次'],
  ['guide/pages-and-network', 'Pages, the background and the network', '页面、后台与网络'],
  ['guide/devtools', 'Seeing the session', '看清会话'],
  ['guide/migrating', 'Migrating 0.1 → 0.2', '从 0.1 迁移到 0.2'],
]
const features: Entry[] = [
  ['features/', 'Import what you use', '用什么就导入什么'],
  ['features/retry', 'retry()', 'retry()'],
  ['features/background-resume', 'backgroundResume()', 'backgroundResume()'],
  ['features/offline-wait', 'offlineWait()', 'offlineWait()'],
  ['features/share-tabs', 'shareTabs()', 'shareTabs()'],
  ['features/refresh-tokens', 'refreshTokens()', 'refreshTokens()'],
  ['features/renew-before-expiry', 'renewBeforeExpiry()', 'renewBeforeExpiry()'],
  ['features/adopt-instance', 'adoptInstance()', 'adoptInstance()'],
  // A redacted trace for error reports: its page is the one on seeing the session.
  ['guide/devtools', 'traceRecorder()', 'traceRecorder()'],
]
const recipes: Entry[] = [
  ['recipes/seed-protocol', 'The seed protocol (001101)', '种子协议（001101）'],
  ['recipes/uview-plus', "uview-plus's uni.$u.http", 'uview-plus 的 uni.$u.http'],
  ['recipes/refresh-queue', 'Replacing a refresh queue', '替换手写的刷新队列'],
  ['recipes/refresh-tokens', 'Refresh tokens', 'refresh token'],
  ['recipes/unicloud', 'uniCloud and uni-id', 'uniCloud 与 uni-id'],
  ['recipes/testing', 'Testing your pages', '测试你的页面'],
  ['recipes/plugin-market', 'Install from the plugin market', '从插件市场安装'],
]
const more: Entry[] = [
  ['platforms', 'Platforms', '目标平台'],
  ['backend', 'The sample backend', '示例后端'],
  ['benchmarks', 'Benchmarks', '基准测试'],
  ['troubleshooting', 'Error codes', '错误码'],
]
/** The generated reference (English: the TSDoc is), one per entry point of package.json's `exports`. */
const reference: DefaultTheme.SidebarItem[] = [
  { text: 'uni-relogin', link: '/api/src/' },
  { text: 'uni-relogin/testing', link: '/api/testing/' },
  { text: 'uni-relogin/unicloud', link: '/api/unicloud/' },
  { text: 'uni-relogin/devtools', link: '/api/devtools/' },
]

function sidebar(lang: 'en' | 'zh'): DefaultTheme.Sidebar {
  const prefix = lang === 'en' ? '/' : '/zh/'
  const items = (entries: Entry[]) => entries.map(([path, en, zh]) => ({ text: lang === 'en' ? en : zh, link: prefix + path }))
  const groups = {
    en: ['Guide', 'Features', 'Recipes', 'Reference', 'API reference (generated)'],
    zh: ['指南', '功能', '实践', '参考', 'API 参考（自动生成，英文）'],
  }[lang]
  return [
    { text: groups[0], items: items(guide) },
    { text: groups[1], items: items(features) },
    { text: groups[2], items: items(recipes) },
    { text: groups[3], items: items(more) },
    { text: groups[4], items: reference, collapsed: true },
  ]
}

function nav(lang: 'en' | 'zh'): DefaultTheme.NavItem[] {
  const prefix = lang === 'en' ? '/' : '/zh/'
  const text = { en: ['Guide', 'Features', 'Recipes', 'Error codes', 'API'], zh: ['指南', '功能', '实践', '错误码', 'API'] }[lang]
  return [
    { text: text[0], link: `${prefix}guide/why` },
    { text: text[1], link: `${prefix}features/` },
    { text: text[2], link: `${prefix}recipes/seed-protocol` },
    { text: text[3], link: `${prefix}troubleshooting` },
    { text: text[4], link: '/api/' },
  ]
}

export default defineConfig({
  title: 'uni-relogin',
  // GitHub Pages serves a project site under /<repo>/ (.github/workflows/docs.yml sets it).
  base: process.env.DOCS_BASE ?? '/',
  srcExclude: contributorPages,
  // Beside the sample's builds, in dist/, which is never committed.
  outDir: '../dist/site',
  cacheDir: '../dist/site-cache',
  cleanUrls: true,
  markdown: { config: (md) => md.use(repoLinks, contributorPages) },
  locales: {
    root: {
      label: 'English',
      lang: 'en',
      description: 'Silent, single-flight re-login for uni-app (Vue 3) and WeChat mini programs.',
      themeConfig: { nav: nav('en'), sidebar: sidebar('en') },
    },
    zh: {
      label: '简体中文',
      lang: 'zh-CN',
      description: '为 uni-app（Vue 3）和微信小程序提供静默、只登录一次的 token 过期处理。',
      themeConfig: {
        nav: nav('zh'),
        sidebar: sidebar('zh'),
        outline: { label: '本页目录' },
        docFooter: { prev: '上一页', next: '下一页' },
        langMenuLabel: '切换语言',
        returnToTopLabel: '回到顶部',
        sidebarMenuLabel: '菜单',
        darkModeSwitchLabel: '主题',
      },
    },
  },
  themeConfig: {
    search: {
      provider: 'local',
      options: {
        locales: {
          zh: {
            translations: {
              button: { buttonText: '搜索文档', buttonAriaLabel: '搜索文档' },
              modal: {
                displayDetails: '显示详细列表',
                resetButtonTitle: '清除查询条件',
                backButtonTitle: '关闭搜索',
                noResultsText: '无法找到相关结果',
                footer: { selectText: '选择', navigateText: '切换', closeText: '关闭' },
              },
            },
          },
        },
      },
    },
  },
})
