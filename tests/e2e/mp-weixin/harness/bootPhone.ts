import { createRequire } from 'node:module'
import type * as Simulate from 'miniprogram-simulate'
import { createNodeUni } from '../../../../testing/createNodeUni'
import type { SessionConfig } from '../protocol'
import { DOM_GLOBALS, installDom } from './domGlobals'
import { createCompiledLoader } from './loadCompiled'
import { createMiniProgram } from './miniProgram'
import { createPageDriver } from './pageDriver'
import { PHONE_MISSING, WECHAT_MODULE_SHADOWS, removeGlobals } from './phoneRealm'
import { createStrictWx } from './strictWx'

const require = createRequire(import.meta.url)

/**
 * Boots the compiled app the way WeChat would on a phone, in this order (each step needs the last):
 * a DOM for the simulator; the simulator (its mock `wx` only lends its list of names); the real Node
 * runtime as a strict `wx`; every page's template and style compiled; the phone-missing globals
 * deleted; then app.js (vendor.js copies `wx` as it loads), onLaunch, and the first page.
 */
export function bootPhone({ distDir, backendUrl, openid, images }: SessionConfig) {
  installDom()
  const simulate = require('miniprogram-simulate') as typeof Simulate
  const mockNames = Object.keys((globalThis as { wx?: object }).wx ?? {})

  // The runtime keeps this very array, so a test can change what the next chooseImage returns.
  const imageList = [...images]
  const runtime = createNodeUni({ codeURL: `${backendUrl}/dev/code?openid=${encodeURIComponent(openid)}`, images: imageList })
  const loader = createCompiledLoader([...new Set<string>([...WECHAT_MODULE_SHADOWS, ...DOM_GLOBALS])])
  const miniProgram = createMiniProgram(distDir, simulate, loader, runtime.getSystemInfoSync, runtime)
  ;(globalThis as { wx?: object }).wx = createStrictWx(mockNames, runtime, miniProgram.host)
  miniProgram.precompile()

  removeGlobals(PHONE_MISSING)
  const app = miniProgram.launch()
  miniProgram.openPage(miniProgram.pageRoutes[0]!)
  const page = createPageDriver(miniProgram.currentPage)
  return { runtime, imageList, app, miniProgram, page, loader }
}

export type Phone = ReturnType<typeof bootPhone>
