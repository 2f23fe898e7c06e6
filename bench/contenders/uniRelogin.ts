import { createPinia, setActivePinia } from 'pinia'
import { createRelogin } from '../../src/index'
import type { Contender } from '../types'

interface LoginBody {
  code: string
  message?: string
  data: { token: string }
}

/** The package, configured as its README shows (main.ts), for the bench server's protocol. */
export const uniRelogin: Contender = {
  name: 'uni-relogin',
  setup(baseURL) {
    setActivePinia(createPinia())
    const { api } = createRelogin({
      baseURL,
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
