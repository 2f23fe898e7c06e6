import type { Api } from '../src/createApi'

/** @internal The `Api` of each configured auth store (one per pinia), so `useApi()` works without an app. */
export const apis = new WeakMap<object, Api>()
