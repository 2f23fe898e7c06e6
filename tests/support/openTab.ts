import { shareTabs, type ReloginOptions } from '../../src/index'
import type { ClientSetup } from './setupClient'

/** The key the package keeps its session under by default. */
export const SESSION_KEY = 'uni-relogin:session'

/**
 * A second H5 tab: another app instance over the same storage, whose page hears the `storage`
 * events a browser sends a tab when another one writes (the Node runtime has no tabs of its own).
 */
export function openTab(first: ClientSetup, options: Partial<ReloginOptions> = {}) {
  const page = new EventTarget()
  const global = globalThis as { addEventListener?: EventTarget['addEventListener'] }
  global.addEventListener = page.addEventListener.bind(page)
  try {
    // The tab shares the first one's session through storage: that is shareTabs().
    const tab = first.restart({ ...options, features: [shareTabs(), ...(options.features ?? [])] })
    return { tab, storageChanged: () => page.dispatchEvent(Object.assign(new Event('storage'), { key: SESSION_KEY })) }
  } finally {
    delete global.addEventListener
  }
}
