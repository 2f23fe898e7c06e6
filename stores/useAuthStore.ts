import { defineStore } from 'pinia'
import { computed, markRaw, reactive, toRefs } from 'vue'
import { createSession, initialState, type SessionState } from '../src/createSession'

/**
 * The one owner of the session: token, user, expiry, status, and the login lock.
 * State persists in uni storage and is restored by `createRelogin()`.
 *
 * @example
 * const auth = useAuthStore()
 * if (!auth.isLoggedIn) await auth.login()
 */
export const useAuthStore = defineStore('uni-relogin:auth', () => {
  const state = reactive(initialState()) as SessionState
  const session = createSession(state)
  return {
    ...toRefs(state),
    isLoggedIn: computed(() => state.token !== null),
    login: session.login,
    relogin: session.relogin,
    getToken: session.getToken,
    logout: session.logout,
    completeLogin: session.completeLogin,
    cancelLogin: session.cancelLogin,
    /** @internal Bound once by `createRelogin()`. */
    _configure: session.configure,
    /** @internal The session itself, for the interceptors and prompts: no action wrapper on the hot path. */
    _session: markRaw(session),
  }
})

export type AuthStore = ReturnType<typeof useAuthStore>
