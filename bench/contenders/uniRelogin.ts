import { createPinia, setActivePinia } from 'pinia'
import { createRelogin } from '../../src/index'
import type { Contender } from '../types'

interface LoginBody {
  code: string
  message?: string
  data: { token: string }
}

/**
 * The package, configured as its docs show (main.ts), for the bench server's protocol, with one
 * change: no per-minute login cap. Scenario 7 logs in 1,100 times within seconds, which no person
 * does; the cap, a guard against login storms, would reject those requests and measure nothing.
 * Scenarios 1–4 log in at most twice per run, far below it.
 */
export const uniRelogin: Contender = {
  name: 'uni-relogin',
  setup(baseURL) {
    setActivePinia(createPinia())
    const { api } = createRelogin({
      baseURL,
      maxLoginsPerMinute: 0,
      isExpired: (res) => res.statusCode === 401 || (res.data as { code?: string } | undefined)?.code === '001101',
      exchange: async (code, http) => {
        const { data } = await http.post<LoginBody>('/login', { code })
        if (data.code !== '000000') throw new Error(data.message)
        return { token: data.data.token }
      },
    })
    return { get: (path) => api.get(path), dispose() {} }
  },
}
