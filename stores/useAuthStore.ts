import { defineStore } from 'pinia'
import { computed, markRaw, reactive, toRefs } from 'vue'
import { Session } from '../src/Session'
import type { LoginResult } from '../src/options'
import { initialState, type SessionConfig, type SessionState } from '../src/sessionState'

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
  const session = new Session(state)
  return {
    ...toRefs(state),
    isLoggedIn: computed(() => state.token !== null),
    login: () => session.login(),
    relogin: (staleToken: string) => session.relogin(staleToken),
    getToken: () => session.getToken(),
    /** Ends the session, and with it every request of the session still waiting (`ERR_CANCELED`). */
    logout: () => session.logout(),
    completeLogin: (result: LoginResult) => session.completeLogin(result),
    cancelLogin: () => session.cancelLogin(),
    /** @internal Bound once by `createRelogin()`. */
    _configure: (config: SessionConfig) => session.configure(config),
    /** @internal The session itself, for the interceptors and prompts: no action wrapper on the hot path. */
    _session: markRaw(session),
  }
})

/** The auth store `useAuthStore()` returns: the session's state, and its actions. */
export type AuthStore = ReturnType<typeof useAuthStore>
