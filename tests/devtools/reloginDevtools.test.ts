// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from 'vue'
import type { LoginResult, ReloginEvent } from '../../src/index'
import type { ClientSetup } from '../support/setupClient'

/**
 * The real Vue DevTools backend: `@vue/devtools-kit` (what the v7 browser extension and
 * uni-vue-devtools-style clients run in the page) installs the global hook, and our plugin reaches
 * it through the real `@vue/devtools-api` 6.6.4, as pinia's does. The test reads what a DevTools
 * client would: the inspector through the kit's API, the timeline through the kit's own hook.
 */
interface TimelineEvent {
  layerId: string
  event: { title: string; subtitle?: string; groupId?: string; data: Record<string, unknown>; logType?: string }
}
interface InspectorNode {
  id: string
  label: string
  children?: InspectorNode[]
}
interface Kit {
  devtools: {
    init(): void
    ctx: {
      hooks: { hook(name: 'timelineEventAdded', listener: (payload: { options: TimelineEvent }) => void): void }
      api: {
        getInspectorTree(payload: { inspectorId: string; filter: string }): Promise<InspectorNode[]>
        getInspectorState(payload: { inspectorId: string; nodeId: string }): Promise<unknown>
      }
    }
  }
  getActiveInspectors(): { id: string; label: string }[]
  toggleHighPerfMode(enabled: boolean): void
}

// Imported in order: the hook must exist before Vue loads, as the extension's does in a page.
let kit: Kit
let app: App
let modules: {
  reloginDevtools: typeof import('../../devtools/index').reloginDevtools
  fingerprint: typeof import('../../devtools/index').fingerprint
  relogin: typeof import('../../src/index')
  setupClient: typeof import('../support/setupClient').setupClient
  settles: typeof import('../support/settles')
}
const timeline: TimelineEvent['event'][] = []

beforeAll(async () => {
  kit = (await import('@vue/devtools-kit' as string)) as Kit
  kit.devtools.init()
  // What a DevTools client does as it connects: the backend records events from then on.
  kit.toggleHighPerfMode(false)
  const vue = await import('vue')
  const devtools = await import('../../devtools/index')
  modules = {
    ...devtools,
    relogin: await import('../../src/index'),
    setupClient: (await import('../support/setupClient')).setupClient,
    settles: await import('../support/settles'),
  }
  app = vue.createApp({ render: () => vue.h('div') })
  app.mount(document.body.appendChild(document.createElement('div')))
  kit.devtools.ctx.hooks.hook('timelineEventAdded', ({ options }) => {
    if (options.layerId === 'uni-relogin') timeline.push(options.event)
  })
})

/** What the DevTools show now, as they ask for it: the tree, and the state of every node in it. */
async function inspect() {
  const tree = await kit.devtools.ctx.api.getInspectorTree({ inspectorId: 'uni-relogin', filter: '' })
  const nodes = tree.flatMap((node) => [node, ...(node.children ?? [])])
  const states = await Promise.all(nodes.map((node) => kit.devtools.ctx.api.getInspectorState({ inspectorId: 'uni-relogin', nodeId: node.id })))
  return { tree, states }
}

describe('reloginDevtools() with the real DevTools backend', () => {
  let client: ClientSetup
  const secrets: string[] = []
  const keep = (result: LoginResult) => (secrets.push(result.token, result.refreshToken ?? ''), result)
  const seen: Awaited<ReturnType<typeof inspect>>[] = []
  let recorder: ReturnType<typeof import('../../src/index').traceRecorder>

  beforeAll(async () => {
    const { relogin, setupClient, settles } = modules
    recorder = relogin.traceRecorder()
    const inspecting: Promise<unknown>[] = []
    client = await setupClient({
      exchange: async (code, http) => keep((await http.post('/login', { code })).data as LoginResult),
      features: [
        modules.reloginDevtools(app),
        recorder,
        relogin.refreshTokens(async ({ refreshToken }, http) => keep((await http.post('/refresh', { refreshToken })).data as LoginResult)),
      ],
      // Three slots, so that the limiter's queue can be seen.
      maxConcurrent: 3,
      // The inspector while requests wait for the run: they are alive then.
      onEvent: (event: ReloginEvent) => void (event.type === 'request:replay' && inspecting.push(inspect().then((view) => seen.push(view)))),
    })
    await client.store.login()
    // The page the requests come from, on the test kit's page stack.
    await new Promise((success, fail) => client.uni.navigateTo({ url: '/pages/register/register', success, fail }))
    client.server.expireAll()
    settles.values(await settles.settles([client.api.get('/echo/a?phone=13800000000'), client.api.get('/echo/b'), client.api.post('/echo/c', { x: 1 })]))
    await Promise.all(inspecting)
    seen.push(await inspect())
  })
  afterAll(() => client.server.close())

  it('registers its inspector with the DevTools', () => {
    expect(kit.getActiveInspectors().map((inspector) => inspector.id)).toContain('uni-relogin')
  })

  it('groups an expiry in the timeline: one run, and each request sent, held for it, replayed', () => {
    const runs = [...new Set(timeline.filter((event) => event.title === 'login:start').map((event) => event.groupId))]
    expect(runs).toHaveLength(2)
    expect(timeline.filter((event) => event.groupId === runs[1]).map((event) => event.title)).toEqual(['login:start', 'login:success'])
    const requests = [...new Set(timeline.filter((event) => event.title === 'request:replay').map((event) => event.groupId))]
    expect(requests).toHaveLength(3)
    for (const group of requests) {
      expect(timeline.filter((event) => event.groupId === group).map((event) => event.title)).toEqual(['request:send', 'request:replay', 'request:send', 'request:settled'])
    }
    expect(timeline.find((event) => event.groupId === requests[0])!.subtitle).toBe('GET /echo/a')
    const settled = timeline.find((event) => event.groupId === requests[0] && event.title === 'request:settled')!
    expect(settled).toMatchObject({ subtitle: 'GET /echo/a → 200', data: { ok: true, status: 200 }, logType: 'default' })
    // Each names the run it waited on, and its first send the page it came from.
    for (const group of requests) {
      const own = timeline.filter((event) => event.groupId === group)
      expect(own.find((event) => event.title === 'request:settled')!.data.waitedOn).toBe(runs[1])
      expect(own[0]!.data).toMatchObject({ page: 'pages/register/register', attempt: 1 })
      expect(own[2]!.data).toMatchObject({ attempt: 2 })
    }
  })

  it('shows a request that fails as settled with its error code, in red', async () => {
    await expect(client.api.get('/status/404')).rejects.toMatchObject({ code: 'ERR_HTTP' })
    expect(timeline.at(-1)).toMatchObject({ title: 'request:settled', subtitle: 'GET /status/404 → ERR_HTTP', data: { ok: false, status: 404, code: 'ERR_HTTP' }, logType: 'error' })
  })

  it('shows the limiter: the slots in use, the queue, and who goes next', async () => {
    client.server.delays.set('/echo/slow', 60_000)
    const stop = new AbortController()
    const slow = [1, 2, 3].map(() => client.api.get('/echo/slow', { signal: stop.signal }).catch((error: unknown) => error))
    await client.server.whenArrived('/echo/slow', 3)
    const queued = [client.api.get('/echo/d'), client.api.get('/echo/e')]
    // One turn of the event loop: their interceptors run in microtasks, up to the limiter's queue.
    await new Promise(setImmediate)
    const { states } = await inspect()
    const limiter = JSON.stringify((states[0] as { limiter: unknown }).limiter)
    const first = timeline.find((event) => event.title === 'request:send' && event.subtitle === 'GET /echo/d')!.data.id
    expect(limiter).toContain('"slots in use","value":"3 / 3"')
    expect(limiter).toContain('"queued","value":2')
    expect(limiter).toContain(`"first in line","value":"#${first}"`)
    stop.abort()
    for (const each of slow) await expect(each).resolves.toMatchObject({ code: 'ERR_CANCELED' })
    await Promise.all(queued)
  })

  it('lists the requests alive in the inspector while they wait, and none once they settled', () => {
    expect(seen.length).toBeGreaterThan(1)
    expect(seen[0]!.tree[0]!.children!.length).toBeGreaterThan(0)
    expect(seen.at(-1)!.tree[0]!.children).toEqual([])
    expect(seen.at(-1)!.tree[0]!.label).toBe('session: authenticated')
  })

  it('never shows a token, a refresh token, an Authorization header or a query string: not in the timeline, the inspector or the trace', () => {
    const everything = JSON.stringify([timeline, seen, recorder.trace()])
    const tokens = [...secrets, ...client.server.seen.map((request) => request.token ?? '')].filter(Boolean)
    expect(tokens.length).toBeGreaterThan(3)
    for (const token of tokens) expect(everything).not.toContain(token)
    expect(everything).not.toMatch(/Bearer|Authorization|13800000000/i)
    // Its fingerprint is there instead, and tells the two sessions' tokens apart.
    expect(everything).toContain(modules.fingerprint(client.store.token))
    expect(modules.fingerprint(secrets[0])).not.toBe(modules.fingerprint(secrets[2]))
  })
})
