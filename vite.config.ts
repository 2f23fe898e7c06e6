import uniPlugin from '@dcloudio/vite-plugin-uni'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'

// The plugin is CommonJS; this repo is ESM ("type": "module"), so its export arrives wrapped.
const uni = ((uniPlugin as unknown as { default?: typeof uniPlugin }).default ?? uniPlugin) as typeof uniPlugin

/**
 * uni-app phones home to a DCloud CDN 3 s after launch, with no option to turn it off:
 * - mp-weixin: its production runtime calls `wx.preloadAssets`, which tells DCloud the appid;
 * - H5: a CSS animation on `body::after` fetches an image from the CDN.
 * Both are removed at build time; the e2e suites check the built output. Listed after uni(),
 * so this runs after uni's own `pre` transform has added the H5 rule.
 */
function noDcloudBeacon(): Plugin {
  const cut = (code: string, from: string, where: string) => {
    const at = code.indexOf(from)
    if (at === -1) throw new Error(`[no-dcloud-beacon] uni-app changed: "${from}" not found in ${where}`)
    return at
  }
  return {
    name: 'uni-relogin:no-dcloud-beacon',
    enforce: 'pre',
    transform(code, id) {
      if (/uni-mp-weixin[\\/]dist[\\/]uni\.mp\.esm\.js$/.test(id)) {
        cut(code, '    preloadAsset();', id)
        return { code: code.replace('    preloadAsset();', ''), map: null }
      }
      if (/uni-h5[\\/]style[\\/]framework[\\/]shadow\.css$/.test(id)) {
        return { code: code.slice(0, cut(code, '@keyframes shadow-preload', id)), map: null }
      }
    },
  }
}

export default defineConfig({
  plugins: [uni(), noDcloudBeacon()],
  // The sample imports the package by its name, as an app does; here the name is the local source.
  resolve: {
    alias: [
      { find: /^uni-relogin$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^uni-relogin\/devtools$/, replacement: fileURLToPath(new URL('./devtools/index.ts', import.meta.url)) },
    ],
  },
})
