import { isDeepStrictEqual } from 'node:util'
import type { Commands } from '../protocol'
import type { Phone } from './bootPhone'
import { PHONE_MISSING } from './phoneRealm'

/**
 * Everything a test can ask of the running app; see protocol.ts. A test acts only as a user does,
 * through taps and inputs on the page; the rest is reading what the page and the platform show.
 */
export function createCommands({ runtime, imageList, miniProgram, page, loader }: Phone, consoleErrors: string[]): Commands {
  // Rendered values can be gone before a poll sees them (a progress bar shown only during an upload).
  const recordings = new Map<string, { selector: string; name: string; values: unknown[] }>()
  miniProgram.onRender(() => {
    for (const { selector, name, values } of recordings.values()) {
      const value = page.text(selector) === null ? undefined : page.attr(selector, name)
      if (value !== undefined && !isDeepStrictEqual(values.at(-1), value)) values.push(value)
    }
  })

  const until = async <T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = probe()
      if (found !== undefined) return found
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the page shows: ${page.pageText()}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  return {
    ...page,
    waitFor: (selectors, timeoutMs) =>
      until(selectors.join(' or '), () => {
        for (const selector of selectors) {
          const text = page.text(selector)
          if (text !== null) return { selector, text }
        }
        return undefined
      }, timeoutMs),
    waitForAttr: (selector, name, value, timeoutMs) =>
      until(`${selector} ${name}=${JSON.stringify(value)}`, () => {
        const rendered = page.text(selector) === null ? undefined : page.attr(selector, name)
        return isDeepStrictEqual(rendered, value) ? true : undefined
      }, timeoutMs).then(() => undefined),
    route: () => miniProgram.currentRoute(),
    setImages(paths) {
      imageList.splice(0, imageList.length, ...paths)
    },
    calls: () => ({ ...runtime.calls, maxInFlight: runtime.maxInFlight, maxQueued: runtime.maxQueued }),
    hide: () => miniProgram.hide(),
    interrupt: () => runtime.interrupt(),
    show: () => miniProgram.show(),
    record(selector, name) {
      recordings.set(`${selector}\n${name}`, { selector, name, values: [] })
    },
    recorded: (selector, name) => recordings.get(`${selector}\n${name}`)?.values ?? [],
    probeGlobals: () =>
      loader.evaluate(`return { ${[...PHONE_MISSING, 'window'].map((name) => `${name}: typeof ${name}, 'globalThis.${name}': typeof globalThis.${name}`).join(', ')} }`) as Record<string, string>,
    consoleErrors: () => [...consoleErrors],
  }
}
