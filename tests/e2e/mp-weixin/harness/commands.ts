import { isDeepStrictEqual } from 'node:util'
import type { BurstResult, Commands } from '../protocol'
import type { Phone } from './bootPhone'
import { PHONE_MISSING } from './phoneRealm'

type Body = { code?: string }
type Api = {
  get(url: string): Promise<Body>
  upload(url: string, options: { filePath: string; name: string }): Promise<Body>
}

/** Everything a test can ask of the running app; see protocol.ts. */
export function createCommands({ runtime, imageList, miniProgram, page, loader }: Phone, consoleErrors: string[]): Commands {
  // The package's useApi as built into the app (the page's own module imports it), on the app's pinia.
  const api = () => {
    const useApi = loader.findExport('useApi')
    if (typeof useApi !== 'function') throw new Error('no compiled module exports useApi')
    return useApi() as Api
  }

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
    calls: () => ({ ...runtime.calls, maxInFlight: runtime.maxInFlight }),
    record(selector, name) {
      recordings.set(`${selector}\n${name}`, { selector, name, values: [] })
    },
    recorded: (selector, name) => recordings.get(`${selector}\n${name}`)?.values ?? [],
    upload: async (filePath) => (await api().upload('/upload', { filePath, name: 'file' })).code ?? null,
    async burst(count, path, timeoutMs = 30_000) {
      const result: BurstResult = { settled: 0, codes: {}, errors: {} }
      const tally = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1)
      const apiInApp = api()
      const calls = Array.from({ length: count }, () =>
        apiInApp
          .get(path)
          .then(
            (body) => tally(result.codes, String(body?.code)),
            (error: { code?: string; message?: string }) => tally(result.errors, error?.code ?? String(error?.message)),
          )
          .finally(() => result.settled++),
      )
      let timer: ReturnType<typeof setTimeout> | undefined
      await Promise.race([Promise.all(calls), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))])
      clearTimeout(timer)
      return result
    },
    probeGlobals: () =>
      loader.evaluate(`return { ${[...PHONE_MISSING, 'window'].map((name) => `${name}: typeof ${name}, 'globalThis.${name}': typeof globalThis.${name}`).join(', ')} }`) as Record<string, string>,
    consoleErrors: () => [...consoleErrors],
  }
}
