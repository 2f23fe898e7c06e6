import { useLoginPrompt } from 'uni-relogin'
import { usePage as useCore } from './relogin-min'

export { install } from './relogin-min'

/** The core and `useLoginPrompt()`: a row of "What each feature adds". */
export function usePage(): () => Promise<unknown> {
  const load = useCore()
  const prompt = useLoginPrompt()
  return async () => [await load(), prompt.visible.value && prompt.cancel()]
}
