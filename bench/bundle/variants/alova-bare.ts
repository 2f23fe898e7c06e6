import AdapterUniapp from '@alova/adapter-uniapp'
import { createAlova } from 'alova'
import { bodyOrThrow } from '../../contenders/alovaTokenAuth'
import { usePageOf } from './baseline'

export { install } from './baseline'

/** alova and its uniapp adapter with a token header and nothing else: what its token auth is added to. */
export const usePage = () =>
  usePageOf({
    name: 'bare alova',
    setup(baseURL) {
      const alova = createAlova({
        baseURL,
        ...AdapterUniapp(),
        cacheFor: null,
        beforeRequest: (method) => {
          method.config.headers.Authorization = `Bearer ${uni.getStorageSync('token')}`
        },
        responded: { onSuccess: bodyOrThrow },
      })
      return { get: (path) => alova.Get(path).send(), dispose() {} }
    },
  })
