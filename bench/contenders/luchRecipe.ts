import Request from 'luch-request'
import type { HttpError, HttpResponse } from 'luch-request'
import type { Contender } from '../types'
import { getLoginCode } from './getLoginCode'

/**
 * luch-request plus the `isRefreshing` + queue-array recipe that uni-app templates and blog posts
 * copy: the first expired response refreshes, later ones park a resolver in `requests`, and on
 * success the queue is replayed. On failure the recipe shows a toast and sends the user to a login
 * page (not available here): the refreshing request resolves with nothing and the queue is never
 * settled, as in the originals.
 */
export const luchRecipe: Contender = {
  name: 'luch-request recipe',
  setup(baseURL) {
    const http = new Request({ baseURL })
    let isRefreshing = false
    let requests: Array<(token: string) => void> = []

    async function refreshToken(): Promise<string> {
      const code = await getLoginCode()
      const res = (await http.post('/login', { code })) as unknown as { data: { token: string } }
      return res.data.token
    }

    function onExpired(response: HttpResponse | HttpError) {
      const config = response.config
      if (!isRefreshing) {
        isRefreshing = true
        return refreshToken()
          .then((token) => {
            uni.setStorageSync('token', token)
            requests.forEach((cb) => cb(token))
            requests = []
            return http.request(config)
          })
          .catch(() => {
            uni.showToast({ title: '登录已过期，请重新登录', icon: 'none' })
            // uni.reLaunch({ url: '/pages/login/login' })
          })
          .finally(() => {
            isRefreshing = false
          })
      }
      return new Promise((resolve) => {
        requests.push(() => resolve(http.request(config)))
      })
    }

    http.interceptors.request.use((config) => {
      const token = uni.getStorageSync('token')
      if (token) config.header = { ...config.header, Authorization: `Bearer ${token}` }
      return config
    })
    http.interceptors.response.use(
      (response) => {
        if ((response.data as { code?: string })?.code === '001101') return onExpired(response) as never
        return response.data
      },
      (response) => {
        if (response.statusCode === 401) return onExpired(response) as never
        return Promise.reject(response)
      },
    )

    return { get: (path) => http.get(path) as Promise<unknown>, dispose() {} }
  },
}
