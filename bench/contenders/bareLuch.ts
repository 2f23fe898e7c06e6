import Request from 'luch-request'
import type { Contender } from '../types'

/**
 * Baseline for CPU and bundle size only: luch-request with a token header and nothing else.
 * It cannot survive an expiry, so it takes no part in scenarios 1–4.
 */
export const bareLuch: Contender = {
  name: 'bare luch-request',
  setup(baseURL) {
    const http = new Request({ baseURL })
    http.interceptors.request.use((config) => {
      config.header = { ...config.header, Authorization: `Bearer ${uni.getStorageSync('token')}` }
      return config
    })
    return { get: (path) => http.get(path).then((response) => response.data), dispose() {} }
  },
}
