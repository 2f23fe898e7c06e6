import { createAlova } from 'alova'
import { createServerTokenAuthentication } from 'alova/client'
import AdapterUniapp, { type uniappRequestAdapter } from '@alova/adapter-uniapp'
import type VueHook from 'alova/vue'
import type { Contender } from '../types'
import { getLoginCode } from './getLoginCode'

interface Body {
  code?: string
  message?: string
  data?: { token: string }
}

/** What app code receives: the body of a 2xx; anything else rejects (the adapter resolves every status). */
export function bodyOrThrow(response: unknown): unknown {
  const { statusCode, data } = response as { statusCode: number; data: Body }
  if (statusCode >= 400) throw new Error(data?.message ?? `HTTP ${statusCode}`)
  return data
}

/**
 * alova 3 with its server-side token authentication and the uniapp adapter, as its docs show.
 * Through the adapter every HTTP status arrives as a success, so expiry is detected in
 * `refreshTokenOnSuccess` (`refreshTokenOnError` would never fire). `cacheFor: null`: GETs are
 * otherwise cached for 5 minutes. The login call is marked `authRole: 'refreshToken'` so the
 * authentication neither holds it nor checks it for expiry.
 */
export const alovaTokenAuth: Contender = {
  name: 'alova token auth',
  setup(baseURL) {
    const { onAuthRequired, onResponseRefreshToken } = createServerTokenAuthentication<typeof VueHook, typeof uniappRequestAdapter>({
      refreshTokenOnSuccess: {
        isExpired: (response) => response.statusCode === 401 || (response as { data?: Body }).data?.code === '001101',
        handler: async () => {
          try {
            const code = await getLoginCode()
            const body = await alova.Post<Body>('/login', { code }, { meta: { authRole: 'refreshToken' } })
            uni.setStorageSync('token', body.data!.token)
          } catch (error) {
            // Apps navigate to their login page here.
            throw error
          }
        },
      },
      assignToken: (method) => {
        method.config.headers.Authorization = `Bearer ${uni.getStorageSync('token')}`
      },
    })

    const alova = createAlova({
      baseURL,
      ...AdapterUniapp(),
      cacheFor: null,
      beforeRequest: onAuthRequired(),
      responded: onResponseRefreshToken({ onSuccess: bodyOrThrow }),
    })

    return { get: (path) => alova.Get(path).send(), dispose() {} }
  },
}
