import { useAuth } from 'uni-relogin'
import { usePage as useCore } from './relogin-min'

export { install } from './relogin-min'

/** The core and `useAuth()`: a row of "What each feature adds". */
export function usePage(): () => Promise<unknown> {
  const load = useCore()
  const { isLoggedIn, logout } = useAuth()
  return async () => [await load(), isLoggedIn.value || logout()]
}
