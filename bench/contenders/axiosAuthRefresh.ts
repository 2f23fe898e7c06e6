import axios from 'axios'
import { createAuthRefresh } from 'axios-auth-refresh'
import type { Contender } from '../types'
import { getLoginCode } from './getLoginCode'
import { uniAxiosAdapter } from './uniAxiosAdapter'

/**
 * axios + axios-auth-refresh 5 with its README's defaults, over a uni adapter. The exchange goes
 * through a second, plain instance: on a mini program `wx.login` must run first, and a call made on
 * the paused instance after that await would wait for the very refresh it belongs to.
 */
export const axiosAuthRefresh: Contender = {
  name: 'axios-auth-refresh',
  setup(baseURL) {
    const api = axios.create({ baseURL, adapter: uniAxiosAdapter })
    const auth = axios.create({ baseURL, adapter: uniAxiosAdapter })

    createAuthRefresh(api, async (failedRequest) => {
      const code = await getLoginCode()
      const { data } = await auth.post('/login', { code })
      uni.setStorageSync('token', data.data.token)
      failedRequest.response.config.headers['Authorization'] = 'Bearer ' + data.data.token
    })

    api.interceptors.request.use((request) => {
      request.headers['Authorization'] = `Bearer ${uni.getStorageSync('token')}`
      return request
    })

    return { get: async (path) => (await api.get(path)).data, dispose() {} }
  },
}
