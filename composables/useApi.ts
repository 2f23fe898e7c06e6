import { getCurrentScope, onScopeDispose } from 'vue'
import { createAbortController } from '../src/createAbortController'
import type { Api } from '../src/createApi'
import { DEV } from '../src/dev'
import { useAuthStore } from '../stores/useAuthStore'
import { apis } from './apis'

export interface UseApiOptions {
  /**
   * Keep this client's requests going when the page (effect scope) that made them goes away.
   * @default false
   */
  keepAlive?: boolean
}

/**
 * The request client. Works in components and outside them (it follows the active pinia).
 *
 * Called in a page's or component's setup (any effect scope), its requests follow that scope:
 * when it is disposed, the ones still queued, held for a login or in flight reject with
 * `ERR_CANCELED`, and none is replayed. Outside any scope, or with `keepAlive`, they are not tied
 * to anything. A single call opts out with `{ keepAlive: true }`.
 *
 * @example
 * const api = useApi()
 * const profile = await api.get<Profile>('/profile')
 */
export function useApi(options: UseApiOptions = {}): Api {
  const client = apis.get(useAuthStore())
  if (!client) throw new Error(`[uni-relogin] useApi() was called before createRelogin(options)${DEV ? '. Call createRelogin in main.ts.' : ''}`)
  if (options.keepAlive || !getCurrentScope()) return client.api
  const page = createAbortController()
  onScopeDispose(() => page.abort())
  return client.forPage(page.signal)
}
