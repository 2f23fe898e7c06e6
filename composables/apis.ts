import type { AbortSignalLike } from '../src/createAbortController'
import type { Api } from '../src/createApi'

/**
 * @internal Each configured auth store's client (one per pinia), so `useApi()` works without an
 * app: the shared `Api`, and how a page's own `Api` is made.
 */
export const apis = new WeakMap<object, { api: Api; forPage(page: AbortSignalLike): Api }>()
