/**
 * What the compiled app must run without. WeChat's JS runtime on a phone has none of these, while
 * Node and DevTools have them all (docs/design.md). The harness deletes them from globalThis for real
 * once its own dependencies are loaded, before the first compiled file runs.
 */
export const PHONE_MISSING = [
  'URL',
  'URLSearchParams',
  'AbortController',
  'AbortSignal',
  'fetch',
  'structuredClone',
  'Buffer',
  'process',
] as const

/**
 * `window` is on the list too, but the simulator (exparser, j-component) needs a global DOM, so it
 * cannot be deleted. WeChat itself wraps every module as `define(path, function (require, module,
 * exports, window, document, frames, self, location, navigator, …) {…})` and calls it with those
 * undefined; the harness loads the compiled files the same way, adding the DOM names it installed.
 */
export const WECHAT_MODULE_SHADOWS = [
  'window',
  'document',
  'frames',
  'self',
  'location',
  'navigator',
  'localStorage',
  'history',
  'Caches',
  'screen',
  'alert',
  'confirm',
  'prompt',
  'XMLHttpRequest',
  'WebSocket',
] as const

export function removeGlobals(names: readonly string[]): void {
  const global = globalThis as Record<string, unknown>
  for (const name of names) {
    delete global[name]
    if (name in global) throw new Error(`could not remove the global ${name}`)
  }
}
