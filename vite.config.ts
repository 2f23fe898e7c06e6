import uniPlugin from '@dcloudio/vite-plugin-uni'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin, type PluginOption } from 'vite'

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

/**
 * `npm run dev:h5`, next to the backend (`npm run server -- --dev`, or the one at `VITE_API_BASE`):
 * - the page calls its own origin (sample/apiBase.ts), so the dev server passes the backend's
 *   routes on to it;
 * - the real Vue DevTools open in the page (docs/guide/devtools.md).
 * Loaded by the H5 dev server only: builds and the other platforms never import it.
 */
async function h5DevServer(): Promise<PluginOption[]> {
  const { default: vueDevtools } = await import('vite-plugin-vue-devtools')
  const backend: Plugin = {
    name: 'uni-relogin:h5-dev-backend',
    apply: 'serve',
    config: () => ({
      server: { proxy: { '^/(v1|dev|admin|register|profile|upload|uploads|files)(/|$)': process.env.VITE_API_BASE || 'http://127.0.0.1:8787' } },
    }),
  }
  return [backend, vueDevtools({ componentInspector: false })]
}

// An object, not a function of the command: tests/build/one-luch merges it. The uni CLI sets
// UNI_PLATFORM and NODE_ENV before vite loads this file.
const h5Dev = process.env.UNI_PLATFORM === 'h5' && process.env.NODE_ENV === 'development'

export default defineConfig({
  plugins: [uni(), noDcloudBeacon(), h5Dev && h5DevServer()],
  // The sample imports the package by its name, as an app does; here the name is the local source.
  resolve: {
    alias: [
      { find: /^uni-relogin$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^uni-relogin\/devtools$/, replacement: fileURLToPath(new URL('./devtools/index.ts', import.meta.url)) },
    ],
  },
})
