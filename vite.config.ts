import uniPlugin from '@dcloudio/vite-plugin-uni'
import { defineConfig, type Plugin } from 'vite'

/**
 * uni-app's production mp-weixin runtime calls `wx.preloadAssets` on a DCloud CDN 3 s after launch,
 * which tells DCloud the app's appid. uni-app has no option to turn it off, so the call is removed
 * from its runtime at build time. tests/e2e checks the built vendor.js for it.
 */
function noDcloudBeacon(): Plugin {
  return {
    name: 'uni-relogin:no-dcloud-beacon',
    transform(code, id) {
      if (!/uni-mp-weixin[\\/]dist[\\/]uni\.mp\.esm\.js$/.test(id)) return
      if (!code.includes('    preloadAsset();')) this.error('uni-mp-weixin changed: the DCloud beacon call was not found')
      return { code: code.replace('    preloadAsset();', ''), map: null }
    },
  }
}

// The plugin is CommonJS; this repo is ESM ("type": "module"), so its export arrives wrapped.
const uni = ((uniPlugin as unknown as { default?: typeof uniPlugin }).default ?? uniPlugin) as typeof uniPlugin

export default defineConfig({
  plugins: [uni(), noDcloudBeacon()],
})
