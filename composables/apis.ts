import type Request from 'luch-request'
import type { Api } from '../src/createApi'

/**
 * @internal Each configured auth store's client (one per pinia), so `useApi()` works without an
 * app: the shared `Api`, and the instance a page's own `Api` is made over.
 */
export const apis = new WeakMap<object, { api: Api; http: Request }>()
