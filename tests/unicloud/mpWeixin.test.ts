import { cp, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultPluginId } from '../../scripts/uniModule/manifest'
import { openSession } from '../e2e/mp-weixin/session'
import { buildConsumer, createConsumerProject, pin, repoRoot, run, uniAppDependencies } from '../packaging/consumerProject'
import { clientSecret, spaceId, startUniCloudGateway, type UniCloudGateway } from './support/startUniCloudGateway'

/*
 * A cloud object call surviving an expiry in a real mp-weixin build: a fresh uni-app project of its
 * own (the sample app stays free of uniCloud) with the uni_module in uni_modules/, uniCloud enabled
 * by `UNI_CLOUD_PROVIDER` (as HBuilderX sets it for a linked space) pointing at the fake gateway,
 * built with uni, and run as WeChat would (the e2e harness).
 */
const specifier = `@/uni_modules/${defaultPluginId}`
const files: Record<string, string> = {
  'main.ts': `import { createSSRApp } from 'vue'
import { createPinia } from 'pinia'
import { createRelogin } from '${specifier}'
import { installUniCloud } from '${specifier}/unicloud'
import App from './App.vue'

export function createApp() {
  const app = createSSRApp(App)
  app.use(createPinia())
  app.use(createRelogin({
    baseURL: import.meta.env.VITE_API_BASE,
    exchange: async (code) => {
      const { newToken } = await uniCloud.importObject('uni-id-co', { customUI: true }).loginByWeixin({ code })
      return { token: newToken.token, expiresIn: (newToken.tokenExpired - Date.now()) / 1000 }
    },
  }))
  installUniCloud(uniCloud)
  return { app }
}
`,
  'pages/index/index.vue': `<script setup lang="ts">
import { ref } from 'vue'

const todo = uniCloud.importObject('todo')
const loads = ref(0)
const echoed = ref('')
async function load() {
  const answer = await todo.add('milk')
  echoed.value = JSON.stringify(answer.echo)
  loads.value++
}
</script>
<template>
  <view class="load" @tap="load">cloud-page</view>
  <view v-if="loads" :class="'result-' + loads">{{ echoed }}</view>
</template>
`,
}

let gateway: UniCloudGateway
let project: string

beforeAll(async () => {
  gateway = await startUniCloudGateway()
  const moduleDir = join(await mkdtemp(join(tmpdir(), 'relogin-cloud-module-')), defaultPluginId)
  await run(join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/buildUniModule.ts', '--out', moduleDir], repoRoot)
  project = await createConsumerProject({ dependencies: { ...uniAppDependencies(), '@dcloudio/uni-cloud': pin('@dcloudio/uni-app') }, files })
  await cp(moduleDir, join(project, 'uni_modules', defaultPluginId), { recursive: true })
  await buildConsumer(project, 'mp-weixin', {
    VITE_API_BASE: gateway.url,
    UNI_CLOUD_PROVIDER: JSON.stringify([{ provider: 'aliyun', spaceId, clientSecret, endpoint: gateway.url }]),
  })
}, 600_000)

afterAll(() => gateway?.close())

describe('a cloud object in a real mp-weixin build', () => {
  it('survives an expiry: one silent uni-id login, and the call replayed', async () => {
    const session = await openSession({ distDir: join(project, 'dist/build/mp-weixin'), backendUrl: gateway.url, openid: 'cloud', images: [] })
    try {
      await session.tap('.load')
      expect(await session.waitFor(['.result-1'])).toEqual({ selector: '.result-1', text: '["milk"]' })
      gateway.expireAll()
      await session.tap('.load')
      expect(await session.waitFor(['.result-2'])).toEqual({ selector: '.result-2', text: '["milk"]' })
      expect(gateway.logins).toBe(2)
      expect(gateway.calls.map(({ valid }) => valid)).toEqual([true, false, true])
      expect(gateway.rejected).toBe(0)
      expect(await session.consoleErrors()).toEqual([])
    } finally {
      await session.close()
    }
  }, 60_000)
})
