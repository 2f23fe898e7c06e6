import { createPinia } from 'pinia'
import { createSSRApp } from 'vue'
import http from 'uview-plus/libs/function/http.js'
import { adoptInstance, createRelogin } from 'uni-relogin'
import App from './App.vue'

// An app on uview-plus hands over its `uni.$u.http`, as docs/recipes/uview-plus.md shows ("One copy of luch-request").
export function createApp() {
  const app = createSSRApp(App)
  app.use(createPinia())
  http.setConfig((config) => ({ ...config, baseURL: 'https://api.example.com' }))
  app.use(
    createRelogin({
      baseURL: 'https://api.example.com',
      features: [adoptInstance(http)],
      exchange: async (code, plain) => (await plain.post('/login', { code })).data,
    }),
  )
  return { app }
}
