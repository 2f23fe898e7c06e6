import { effectScope } from 'vue'
import { afterEach } from 'vitest'
import { useLoginPrompt } from '../../src/index'

let scope = effectScope()
// The page leaves after each test: its sheet stops listening, as when a component unmounts.
afterEach(() => {
  scope.stop()
  scope = effectScope()
})

/** The page's login sheet: `useLoginPrompt()` in a live effect scope, as in a component's setup. */
export const mountPrompt = <Detail = unknown>() => scope.run(() => useLoginPrompt<Detail>())!
