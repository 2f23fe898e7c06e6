import { createRelogin, useApi } from 'uni-relogin'
import type { App } from 'vue'
import { BASE_URL, install as installBaseline, usePage as useBaseline } from './baseline'

/** Silent re-login only: the options every app must give, and `useApi()`. Nothing else may be shipped. */
export function install(app: App): void {
  installBaseline(app)
  app.use(
    createRelogin({
      baseURL: BASE_URL,
      isExpired: (res) => res.statusCode === 401,
      exchange: async (code, http) => (await http.post<{ token: string }>('/login', { code })).data,
    }),
  )
}

export function usePage(): () => Promise<unknown> {
  const visit = useBaseline()
  const api = useApi()
  return async () => {
    await visit()
    return api.get('/profile')
  }
}
