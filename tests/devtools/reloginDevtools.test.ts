import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from 'vue'
import { fingerprint, reloginDevtools } from '../../devtools/index'
import type { LoginResult, ReloginEvent } from '../../src/index'
import { refreshTokens, traceRecorder } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { settles, values } from '../support/settles'

/**
 * The real `@vue/devtools-api` 6.6.4, as it runs before the DevTools connect: with no global hook,
 * `setupDevtoolsPlugin` (enableEarlyProxy) hands the plugin its own `ApiProxy`, which queues every
 * call in `targetQueue` and every handler in `onQueue`, and lists the plugin on
 * `__VUE_DEVTOOLS_PLUGINS__`, where the DevTools pick it up and replay the queue when they connect.
 */
interface Queued {
  method: string
  args: unknown[]
}
interface Plugin {
  pluginDescriptor: { id: string }
  proxy: { targetQueue: Queued[]; onQueue: Queued[] }
}
const target = globalThis as { __VUE_DEVTOOLS_PLUGINS__?: Plugin[]; __VUE_DEVTOOLS_GLOBAL_HOOK__?: unknown }

let client: ClientSetup | undefined
beforeEach(() => {
  delete target.__VUE_DEVTOOLS_GLOBAL_HOOK__
  delete target.__VUE_DEVTOOLS_PLUGINS__
})
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

function plugin() {
  const found = target.__VUE_DEVTOOLS_PLUGINS__?.find((each) => each.pluginDescriptor.id === 'uni-relogin')
  expect(found).toBeDefined()
  const { targetQueue, onQueue } = found!.proxy
  const handler = (method: string) => onQueue.find((each) => each.method === method)!.args[0] as (payload: Record<string, unknown>) => void
  /** What the DevTools would show now, as they ask for it. */
  const inspect = () => {
    const tree = { inspectorId: 'uni-relogin', filter: '', rootNodes: [] as { id: string; children?: { id: string }[] }[] }
    handler('getInspectorTree')(tree)
    const nodes = [tree.rootNodes[0]!.id, ...(tree.rootNodes[0]!.children ?? []).map((node) => node.id)]
    const states = nodes.map((nodeId) => {
      const payload = { inspectorId: 'uni-relogin', nodeId, state: undefined as unknown }
      handler('getInspectorState')(payload)
      return payload.state
    })
    return { tree, states }
  }
  const timeline = () => targetQueue.filter((call) => call.method === 'addTimelineEvent').map((call) => (call.args[0] as { event: { title: string; groupId?: string; data: Record<string, unknown> } }).event)
  return { targetQueue, inspect, timeline }
}

describe('reloginDevtools()', () => {
  it('registers a timeline layer and an inspector with the real devtools API', async () => {
    client = await setupClient({ features: [reloginDevtools(createApp({}))] })
    const { targetQueue } = plugin()
    expect(targetQueue.map((call) => call.method)).toEqual(expect.arrayContaining(['addTimelineLayer', 'addInspector']))
  })

  it('groups an expiry: one run, each request sent, held for that run, replayed; the inspector lists the requests alive', async () => {
    const seen: ReturnType<ReturnType<typeof plugin>['inspect']>[] = []
    const shown: { view?: ReturnType<typeof plugin> } = {}
    client = await setupClient({
      features: [reloginDevtools(createApp({}))],
      onEvent: (event) => event.type === 'request:replay' && seen.push(shown.view!.inspect()),
    })
    const view = (shown.view = plugin())
    await client.store.login()
    client.server.expireAll()
    values(await settles([client.api.get('/echo/a?phone=13800000000'), client.api.get('/echo/b')]))
    const events = view.timeline()
    const run = events.find((event) => event.title === 'login:start' && event.groupId !== 'run-1')!.groupId!
    expect(events.filter((event) => event.groupId === run).map((event) => event.title)).toEqual(['login:start', 'login:success'])
    const requests = new Set(events.filter((event) => event.title === 'request:replay').map((event) => event.groupId))
    expect(requests.size).toBe(2)
    for (const group of requests) {
      expect(events.filter((event) => event.groupId === group).map((event) => event.title)).toEqual(['request:send', 'request:replay', 'request:send'])
    }
    expect(seen.at(-1)!.tree.rootNodes[0]!.children!.length).toBe(2)
    expect(JSON.stringify(events)).not.toContain('13800000000')
  })

  it('never shows a token, a refresh token or an Authorization header: in the timeline, the inspector or the trace', async () => {
    const secrets: string[] = []
    const keep = (result: LoginResult) => (secrets.push(result.token, result.refreshToken ?? ''), result)
    const inspected: unknown[] = []
    const recorder = traceRecorder()
    const shown: { view?: ReturnType<typeof plugin> } = {}
    const onEvent = (event: ReloginEvent) => inspected.push(event.type, shown.view?.inspect())
    client = await setupClient({
      exchange: async (code, http) => keep((await http.post('/login', { code })).data as LoginResult),
      features: [reloginDevtools(createApp({})), recorder, refreshTokens(async ({ refreshToken }, http) => keep((await http.post('/refresh', { refreshToken })).data as LoginResult))],
      onEvent,
    })
    const view = (shown.view = plugin())
    await client.store.login()
    client.server.expireAll()
    values(await settles([client.api.get('/echo/a'), client.api.get('/echo/b'), client.api.post('/echo/c', { x: 1 })]))
    inspected.push(view.inspect())
    const everything = JSON.stringify([view.targetQueue, inspected, recorder.trace()])
    const tokens = [...secrets, ...client.server.seen.map((seen) => seen.token ?? '')].filter(Boolean)
    expect(tokens.length).toBeGreaterThan(3)
    for (const token of tokens) expect(everything).not.toContain(token)
    expect(everything).not.toMatch(/Bearer|Authorization/i)
    // The fingerprint is there instead, and tells the two sessions' tokens apart.
    expect(everything).toContain(fingerprint(client.store.token))
    expect(fingerprint(secrets[0])).not.toBe(fingerprint(secrets[2]))
  })
})
