import { createRequire } from 'node:module'

/**
 * The DOM globals miniprogram-simulate reads: exparser renders into `window`/`document`, and
 * j-component dispatches events as `CustomEvent`s (Node's own cannot be dispatched on jsdom nodes).
 * The compiled app never sees them (see loadCompiled.ts).
 */
export const DOM_GLOBALS = ['window', 'document', 'CustomEvent'] as const

interface JsdomModule {
  JSDOM: new (html: string) => { window: Record<string, unknown> }
}

/** A jsdom window's DOM on globalThis; must run before miniprogram-simulate is loaded (exparser probes for it). */
export function installDom(): void {
  let jsdom: JsdomModule
  try {
    jsdom = createRequire(import.meta.url)('jsdom') as JsdomModule
  } catch (error) {
    throw new Error(`the mp-weixin e2e harness needs jsdom (a devDependency): ${(error as Error).message}`)
  }
  const { window } = new jsdom.JSDOM('<!doctype html><html><head></head><body></body></html>')
  const global = globalThis as Record<string, unknown>
  for (const name of DOM_GLOBALS) global[name] = name === 'window' ? window : window[name]
}
