/**
 * The plugin market's compatibility table, derived from what `npm test` proves, so the two cannot
 * drift apart: tests/build/targets.test.ts builds every target in `builtTargets`, and the market
 * table marks exactly those. In the market's notation (HBuilderX 4.71 and later) `√` is supported,
 * `x` is not, and `-` is unknown: here, a target `npm test` does not build.
 */
export type Mark = '√' | 'x' | '-'

/** Every `uni build -p` target that tests/build/targets.test.ts builds (`h5` is plain `uni build`). */
export const builtTargets = [
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
] as const

/**
 * The uniCloud providers whose wire protocol tests/unicloud/ runs the real client SDK against.
 * `uni-relogin/unicloud` wraps the SDK above its transport, but tencent (a fixed URL) and alipay
 * (https only) cannot be faked on 127.0.0.1, so they stay unproven.
 */
export const testedClouds: readonly string[] = ['aliyun']

const built = (target: string): Mark => ((builtTargets as readonly string[]).includes(target) ? '√' : '-')
const tested = (provider: string): Mark => (testedClouds.includes(provider) ? '√' : '-')

/**
 * The `uni_modules.platforms` block. Vue 2, nvue and uni-app x are not supported (`x`): the package
 * is Vue 3 TypeScript. One App build serves Android and iOS, one H5 build every browser. Xiaohongshu
 * (mp-xhs) is built too, but the market's table has no row for it.
 */
export function platforms() {
  return {
    cloud: { tcb: tested('tcb'), aliyun: tested('aliyun'), alipay: tested('alipay') },
    client: {
      'uni-app': {
        vue: { vue2: 'x', vue3: '√' },
        web: { safari: built('h5'), chrome: built('h5') },
        app: { vue: built('app'), nvue: 'x', android: built('app'), ios: built('app'), harmony: built('app-harmony') },
        mp: {
          weixin: built('mp-weixin'),
          alipay: built('mp-alipay'),
          toutiao: built('mp-toutiao'),
          baidu: built('mp-baidu'),
          kuaishou: built('mp-kuaishou'),
          jd: built('mp-jd'),
          harmony: built('mp-harmony'),
          qq: built('mp-qq'),
          lark: built('mp-lark'),
        },
        quickapp: { huawei: built('quickapp-webview-huawei'), union: built('quickapp-webview-union') },
      },
      'uni-app-x': {
        web: { safari: 'x', chrome: 'x' },
        app: { android: 'x', ios: 'x', harmony: 'x' },
        mp: { weixin: 'x' },
      },
    },
  } satisfies { cloud: Record<string, Mark>; client: Record<string, Record<string, Mark | Record<string, Mark>>> }
}
