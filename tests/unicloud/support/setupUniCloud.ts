import { createPinia, setActivePinia } from 'pinia'
import { vi } from 'vitest'
import { createRelogin, useAuthStore } from '../../../src/index'
import type { ReloginOptions } from '../../../src/index'
import { createTestUni } from '../../../testing/index'
import { installUniCloud, type UniCloudOptions } from '../../../unicloud/index'
import { clientSecret, spaceId, startUniCloudGateway, type GatewayOptions } from './startUniCloudGateway'

interface LoginByWeixin {
  newToken: { token: string; tokenExpired: number }
}

/** What the SDK's default export gives an app: uniCloud, typed as loosely as the app uses it. */
export type UniCloud = {
  callFunction(options: Record<string, unknown>): Promise<{ result: Record<string, any> }>
  importObject(name: string, options?: Record<string, unknown>): Record<string, (...params: unknown[]) => Promise<any>>
  onNeedLogin(listener: (event: unknown) => void): void
}

/**
 * The real uniCloud client SDK (its ES build, a fresh module per call, as an app loads it) against
 * a fake gateway on 127.0.0.1, the Node uni runtime, and the package configured as docs/recipes/unicloud.md
 * shows for uni-id: `exchange` is uni-id-co's `loginByWeixin({ code })`, then `installUniCloud`.
 */
export async function setupUniCloud({
  gateway: gatewayOptions,
  relogin,
  unicloud,
}: { gateway?: GatewayOptions; relogin?: Partial<ReloginOptions>; unicloud?: UniCloudOptions } = {}) {
  const gateway = await startUniCloudGateway(gatewayOptions)
  const uni = createTestUni({ codeURL: `${gateway.url}/dev/code` })
  // uniIdRouter starts once the app has a page.
  await uni.reLaunch({ url: '/pages/index/index' })
  process.env.UNI_PLATFORM = 'mp-weixin'
  process.env.UNI_CLOUD_PROVIDER = JSON.stringify([{ provider: 'aliyun', spaceId, clientSecret, endpoint: gateway.url }])
  vi.resetModules()
  const { uniCloud } = (await import('@dcloudio/uni-cloud/dist/uni-cloud.es.js')) as unknown as { uniCloud: UniCloud }

  setActivePinia(createPinia())
  const client = createRelogin({
    baseURL: gateway.url,
    exchange: async (code) => {
      const { newToken } = (await uniCloud.importObject('uni-id-co', { customUI: true }).loginByWeixin({ code })) as LoginByWeixin
      return { token: newToken.token, expiresIn: (newToken.tokenExpired - Date.now()) / 1000 }
    },
    ...relogin,
  })
  const installed = installUniCloud(uniCloud as never, unicloud)
  return { gateway, uni, uniCloud, api: client.api, store: useAuthStore(), installed }
}

export type UniCloudSetup = Awaited<ReturnType<typeof setupUniCloud>>
