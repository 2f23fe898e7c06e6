import { createNodeUni } from './createNodeUni'
import { createNavigation } from './navigation'
import type { NodeUniOptions } from './types'

export type TestUniOptions = NodeUniOptions

/**
 * Installs a Node implementation of uni-app's `uni` on globalThis (as `wx` too: on a mini program
 * they are one object), so a page's requests can be tested in vitest without a device or DevTools.
 * - **Real HTTP** through node:http(s), **real files** for uploads and downloads, in-memory
 *   **storage** with WeChat's sync and callback APIs.
 * - **WeChat's callback rules:** exactly one of success/fail, then complete, never synchronously;
 *   a Promise when no callback is given.
 * - **WeChat's 10-call cap:** at most `maxConcurrent` `request`/`uploadFile`/`downloadFile` at once,
 *   the rest queued in FIFO order; `maxInFlight` and `maxQueued` show what happened.
 * - **Fault switches** in `faults`, read at call time: `interruptNext`, `loginFail`, `loginHang`,
 *   `storageRead`, `storageWrite`.
 * - **The app's lifecycle and network:** `hide()` and `show()` (with `onAppHide`/`onAppShow`; open
 *   calls fail with 'interrupted' once `hideGrace` has passed, or at `interrupt()`), and
 *   `setOnline(false)` (with `getNetworkType`/`onNetworkStatusChange`; calls fail at once).
 * - `uni.login` GETs a one-time code from `codeURL`; `calls` counts every call.
 * - **Pages:** `navigateTo`, `redirectTo`, `reLaunch`, `switchTab`, `navigateBack`, their
 *   interceptors, and a global `getCurrentPages()`; `navigations` lists where the app went.
 *
 * @example
 * import { createTestUni } from 'uni-relogin/testing'
 *
 * const uni = createTestUni({ codeURL: `${server}/dev/code` })
 * uni.setOnline(false) // every call fails at once until setOnline(true)
 * afterAll(() => uni.uninstall())
 */
export function createTestUni(options: TestUniOptions = {}) {
  // Pages live here, not in the Node runtime: the mp-weixin harness plays them with the real pages.
  const runtime = Object.assign(createNodeUni(options), createNavigation())
  const scope = globalThis as Record<string, unknown>
  const previous = { uni: scope.uni, wx: scope.wx, getCurrentPages: scope.getCurrentPages }
  scope.uni = runtime
  scope.wx = runtime
  // A global on every target, as the page stack's reader.
  scope.getCurrentPages = runtime.getCurrentPages
  return Object.assign(runtime, {
    /** Puts back the `uni` and `wx` that were there before, if any. */
    uninstall() {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete scope[name]
        else scope[name] = value
      }
    },
  })
}

export type TestUni = ReturnType<typeof createTestUni>
