import type { Api } from '../src/createApi'
import { useAuthStore } from '../stores/useAuthStore'
import { apis } from './apis'

/**
 * The request client. Works in components and outside them (it follows the active pinia).
 *
 * @example
 * const api = useApi()
 * const profile = await api.get<Profile>('/profile')
 */
export function useApi(): Api {
  const api = apis.get(useAuthStore())
  if (!api) throw new Error('[uni-relogin] useApi() was called before createRelogin(options). Call createRelogin in main.ts.')
  return api
}
