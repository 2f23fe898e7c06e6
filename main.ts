import { createPinia } from 'pinia'
import { createSSRApp } from 'vue'
// A real app imports these from 'uni-relogin'.
import { createRelogin, LoginRequiredError, type ReloginResponse } from 'uni-relogin'
import { reloginDevtools } from 'uni-relogin/devtools'
import { sampleFeatures } from './sample/sampleFeatures'
import App from './App.vue'
import { apiBase } from './sample/apiBase'
import type { Envelope } from './sample/envelope'
import { logEvent } from './sample/eventLog'
import { toLoginResult, type BackendSession } from './sample/toLoginResult'

export function createApp() {
  const app = createSSRApp(App)
  app.use(createPinia())
  const relogin = createRelogin({
    baseURL: apiBase(),
    // The seed's protocol: an expired token is HTTP 200 with business code 001101.
    isExpired: (res: ReloginResponse) => res.statusCode === 401 || (res.data as Envelope)?.code === '001101',
    exchange: async (code, http) => {
      const { data } = await http.post<Envelope<BackendSession>>('/v1/cif/loginByCode.do', { code })
      // "Bind your phone first": the login sheet on the page takes over, and held requests wait.
      if (data.code === '001103') throw new LoginRequiredError(data.message, data.data)
      if (data.code !== '000000') throw new Error(data.message ?? `login failed (${data.code})`)
      return toLoginResult(data.data)
    },
    // #ifdef H5 || APP-PLUS || MP-BAIDU
    // H5, App and Baidu have no silent login code (docs/platforms.md): the sample backend hands
    // out codes on a dev route. A real app signs the person in there instead.
    getCode: async () => {
      const response = await uni.request({ url: `${apiBase()}/dev/code` })
      return (response.data as { code: string }).code
    },
    // #endif
    onEvent: logEvent,
    // The Vue DevTools' "uni-relogin" timeline and inspector, in development builds only: a
    // production build folds this branch away, and the plugin with it.
    features: [...sampleFeatures(), ...(process.env.NODE_ENV !== 'production' ? [reloginDevtools(app)] : [])],
  })
  app.use(relogin)
  return { app }
}
