import { createUniAxios } from '../../contenders/uniAxiosAdapter'
import { usePageOf } from './baseline'

export { install } from './baseline'

/** axios and the uni adapter with a token header and nothing else: what axios-auth-refresh is added to. */
export const usePage = () =>
  usePageOf({
    name: 'bare axios',
    setup(baseURL) {
      const api = createUniAxios(baseURL)
      return { get: async (path) => (await api.get(path)).data, dispose() {} }
    },
  })
