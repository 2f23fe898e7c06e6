import { storeToRefs } from 'pinia'
import { readonly, type DeepReadonly, type Ref } from 'vue'
import type { AuthStatus } from '../src/sessionState'
import { useAuthStore } from '../stores/useAuthStore'

/** What `useAuth()` returns: the session as read-only refs, `login` and `logout`. */
export interface UseAuthReturn<User = unknown> {
  token: DeepReadonly<Ref<string | null>>
  user: DeepReadonly<Ref<User | null>>
  expiresAt: DeepReadonly<Ref<number | null>>
  status: DeepReadonly<Ref<AuthStatus>>
  isLoggedIn: DeepReadonly<Ref<boolean>>
  login(): Promise<string>
  logout(): void
}

/**
 * The session as read-only refs, plus `login` and `logout`.
 *
 * @example
 * const { user, isLoggedIn, logout } = useAuth<{ nickname: string }>()
 */
export function useAuth<User = unknown>(): UseAuthReturn<User> {
  const store = useAuthStore()
  const { token, user, expiresAt, status, isLoggedIn } = storeToRefs(store)
  return {
    token: readonly(token),
    user: readonly(user) as DeepReadonly<Ref<User | null>>,
    expiresAt: readonly(expiresAt),
    status: readonly(status),
    isLoggedIn: readonly(isLoggedIn),
    login: store.login,
    logout: store.logout,
  }
}
