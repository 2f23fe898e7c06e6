import { backgroundResume, offlineWait, refreshTokens, renewBeforeExpiry, shareTabs, type Feature } from 'uni-relogin'
import type { Envelope } from './envelope'
import { toLoginResult, type BackendSession } from './toLoginResult'
import { recorder } from './trace'

/**
 * What the sample imports beyond silent re-login: a phone goes to the background and loses its
 * network, and the backend's tokens have a known lifetime; a trace is kept for error reports. Each
 * is an import an app may leave out.
 */
export function sampleFeatures(): Feature[] {
  const features = [backgroundResume(), offlineWait(), renewBeforeExpiry(), recorder]
  // #ifdef H5 || APP-PLUS
  // Where a login code is costly (a round trip on H5, the WeChat app on App), renew with the
  // backend's single-use refresh token; if that fails, the full login runs instead.
  features.push(
    refreshTokens(async ({ refreshToken }, http) => {
      const { data } = await http.post<Envelope<BackendSession>>('/v1/cif/refreshToken.do', { refreshToken })
      if (data.code !== '000000') throw new Error(data.message ?? `refresh failed (${data.code})`)
      return toLoginResult(data.data)
    }),
  )
  // #endif
  // #ifdef H5
  // The tabs of one site share its localStorage, and so the session.
  features.push(shareTabs())
  // #endif
  return features
}
