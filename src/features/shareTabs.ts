import type { Feature } from '../Feature'
import { readStorage } from '../platform'

/**
 * H5 only: the tabs of one site share `localStorage`, so they share the session. A login in one
 * tab is adopted by the others (`login:adopted`: their held requests replay with its token, and a
 * login of their own in flight is dropped); a logout in one logs every tab out (`logout:adopted`,
 * which ends their epoch). A login that fails in one tab and drops a rejected token is not a logout.
 * Phones have one page stack and no `window`: there it does nothing.
 *
 * @example
 * createRelogin({ baseURL, exchange, getCode, features: [shareTabs()] })
 */
export function shareTabs(): Feature {
  return {
    setup({ session, storageKey }) {
      type StorageEvents = { addEventListener?(type: 'storage', listener: (event: { key: string | null }) => void): void }
      // `key` null: the page cleared all of storage.
      ;(globalThis as StorageEvents).addEventListener?.('storage', ({ key }) => {
        if (key === null || key === storageKey) session.adopt(readStorage(storageKey))
      })
    },
  }
}
