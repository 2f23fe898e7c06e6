import { computed, type ComputedRef } from 'vue'
import type { LoginResult } from '../src/options'
import { useAuthStore } from '../stores/useAuthStore'

export interface UseLoginPromptReturn<Detail = unknown> {
  /** True while a login waits for the user; requests stay held meanwhile. */
  visible: ComputedRef<boolean>
  /** What `exchange` passed to `LoginRequiredError` (e.g. the backend's binding ticket). */
  detail: ComputedRef<Detail | null>
  /** Stores the session and replays every held request. */
  complete(result: LoginResult): void
  /** Rejects every held request with `ERR_LOGIN_CANCELED`. */
  cancel(): void
}

/**
 * Drives an in-page login sheet for when a silent login cannot succeed.
 *
 * @example
 * const prompt = useLoginPrompt<{ ticket: string }>()
 * // <LoginSheet v-if="prompt.visible.value" @done="prompt.complete" @close="prompt.cancel" />
 */
export function useLoginPrompt<Detail = unknown>(): UseLoginPromptReturn<Detail> {
  const store = useAuthStore()
  return {
    visible: computed(() => store.status === 'needs-interaction'),
    detail: computed(() => store.interaction as Detail | null),
    complete: store.completeLogin,
    cancel: store.cancelLogin,
  }
}
