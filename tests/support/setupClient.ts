import { createPinia, setActivePinia } from 'pinia'
import { createRelogin } from '../../src/index'
import { useAuthStore } from '../../src/index'
import type { ReloginOptions } from '../../src/index'
import { createTestUni, type TestUni } from '../../testing/index'
import { startApiServer, type ApiServer, type ApiServerOptions } from './startApiServer'

export interface ClientSetup {
  server: ApiServer
  uni: TestUni
  api: ReturnType<typeof createRelogin>['api']
  store: ReturnType<typeof useAuthStore>
  /** Starts a second app instance (a cold start) over the same runtime and its storage. */
  restart(options?: Partial<ReloginOptions>): ClientSetup
}

/**
 * A real server, the real Node uni runtime installed as `uni`, a fresh pinia, and the package
 * configured against them, exactly as an app's main.ts would.
 */
export async function setupClient(
  options: Partial<ReloginOptions> = {},
  serverOptions: ApiServerOptions = {},
): Promise<ClientSetup> {
  const server = await startApiServer(serverOptions)
  const uni = createTestUni({ codeURL: `${server.url}/dev/code` })
  const start = (overrides: Partial<ReloginOptions> = {}): ClientSetup => {
    setActivePinia(createPinia())
    const relogin = createRelogin({
      baseURL: server.url,
      exchange: async (code, http) => {
        const { data } = await http.post('/login', { code })
        return data
      },
      ...options,
      ...overrides,
    })
    return { server, uni, api: relogin.api, store: useAuthStore(), restart: start }
  }
  return start()
}
