import { createPinia, defineStore } from 'pinia'
import type { App } from 'vue'
import type { Contender } from '../../types'

/*
 * What every variant's app has before any HTTP layer: vue (uni's runtime) and pinia with one store
 * in use. A variant module exports `install(app)` (run in main.ts) and `usePage()` (run in the
 * page's setup; it returns what the page calls on tap). The modules live outside the generated
 * project, so uni puts them, and everything they import, in common/vendor.js: each stack's own
 * glue is counted with it, whatever it is.
 */

export const BASE_URL = 'https://api.example.com'

const useVisits = defineStore('bench-visits', { state: () => ({ count: 0 }) })

export function install(app: App): void {
  app.use(createPinia())
}

export function usePage(): () => Promise<unknown> {
  const visits = useVisits()
  return async () => ++visits.count
}

/** A bench contender (contenders/*.ts) as a page uses it: one client, one GET per tap. */
export function usePageOf(contender: Contender): () => Promise<unknown> {
  const visits = useVisits()
  const client = contender.setup(BASE_URL)
  return () => {
    visits.count++
    return client.get('/profile')
  }
}
