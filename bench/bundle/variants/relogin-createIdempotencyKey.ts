import { createIdempotencyKey } from 'uni-relogin'
import { usePage as useCore } from './relogin-min'

export { install } from './relogin-min'

/** The core and `createIdempotencyKey()`: a row of "What each feature adds". */
export function usePage(): () => Promise<unknown> {
  const load = useCore()
  return async () => [await load(), createIdempotencyKey()]
}
