import axios from 'axios'
import { createAuthRefresh } from 'axios-auth-refresh'
import type { Contender } from '../types'
import { getLoginCode } from './getLoginCode'
import { createUniAxios, uniAxiosAdapter } from './uniAxiosAdapter'

/**
 * axios + axios-auth-refresh 5 over a uni adapter, as its README shows, once per value of
 * `deduplicateRefresh` (5.0.2, read from its source):
 * - `true`, the default: while a refresh runs, any other 401 that comes back is rejected as it is
 *   (neither refreshed nor retried); requests sent in that time wait for the refresh;
 * - `false`: every 401 is caught; one that arrives during a refresh joins it and is retried, one
 *   that arrives after it starts a new refresh.
 * The exchange goes through a second, plain instance: on a mini program `wx.login` must run first,
 * and a call made on the paused instance after that await would wait for the very refresh it belongs to.
 */
function axiosAuthRefreshWith(name: string, deduplicateRefresh: boolean): Contender {
  return {
    name,
    setup(baseURL) {
      const api = createUniAxios(baseURL)
      const auth = axios.create({ baseURL, adapter: uniAxiosAdapter })

      createAuthRefresh(
        api,
        async (failedRequest) => {
          const code = await getLoginCode()
          const { data } = await auth.post('/login', { code })
          uni.setStorageSync('token', data.data.token)
          failedRequest.response.config.headers['Authorization'] = 'Bearer ' + data.data.token
        },
        { deduplicateRefresh },
      )

      return { get: async (path) => (await api.get(path)).data, dispose() {} }
    },
  }
}

export const axiosAuthRefresh = axiosAuthRefreshWith('axios-auth-refresh', true)
export const axiosAuthRefreshNoDedupe = axiosAuthRefreshWith('axios-auth-refresh (dedupe off)', false)
