import { createPinia } from 'pinia'
import { createSSRApp } from 'vue'
import { createRelogin } from 'uni-relogin'
import App from './App.vue'

export function createApp() {
  const app = createSSRApp(App)
  app.use(createPinia())
  app.use(
    createRelogin({
      baseURL: 'https://api.example.com',
      // H5, App and Baidu have no silent login code: the app brings its own.
      getCode: async () => 'minimal-build',
      exchange: async (code, http) => (await http.post('/login', { code })).data,
    }),
  )
  return { app }
}
