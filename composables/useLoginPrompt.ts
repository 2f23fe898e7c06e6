import { computed, getCurrentScope, onScopeDispose, type ComputedRef } from 'vue'
import { createInteraction } from '../src/createInteraction'
import type { LoginResult } from '../src/options'
import { useAuthStore } from '../stores/useAuthStore'

/** What `useLoginPrompt()` returns to the page that shows the login sheet. */
export interface UseLoginPromptReturn<Detail = unknown> {
  /** True while a login waits for the user; requests stay held meanwhile. */
  visible: ComputedRef<boolean>
  /** What `exchange` passed to `LoginRequiredError` (e.g. the backend's binding ticket). */
  detail: ComputedRef<Detail | null>
  /** Stores the session and replays every held request. A no-op (with a warning) once that login is over. */
  complete(result: LoginResult): void
  /** Rejects every held request with `ERR_LOGIN_CANCELED`. A no-op (with a warning) once that login is over. */
  cancel(): void
}

/**
 * Drives an in-page login sheet for when a silent login cannot succeed. Call it in a component's
 * setup (or any effect scope): while that scope lives, a login that needs the user waits for the
 * sheet. With no prompt live anywhere, such a login rejects at once with `ERR_LOGIN_REQUIRED`.
 *
 * @example
 * const prompt = useLoginPrompt<{ ticket: string }>()
 * // <LoginSheet v-if="prompt.visible.value" @done="prompt.complete" @close="prompt.cancel" />
 */
export function useLoginPrompt<Detail = unknown>(): UseLoginPromptReturn<Detail> {
  const store = useAuthStore()
  // Only a prompt whose lifetime is known counts as live: its scope says when it goes away.
  const person = store._session.interactive(createInteraction)
  if (getCurrentScope()) onScopeDispose(person.addPrompt())
  return {
    visible: computed(() => store.status === 'needs-interaction'),
    detail: computed(() => store.interaction as Detail | null),
    complete: store.completeLogin,
    cancel: store.cancelLogin,
  }
}
