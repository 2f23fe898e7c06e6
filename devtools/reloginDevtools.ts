import { setupDevtoolsPlugin, type CustomInspectorState, type DevtoolsPluginApi } from '@vue/devtools-api'
import type { App } from 'vue'
import type { Config } from '../src/createHttp'
import { labelOf, type ReloginEvent, type RequestLabel } from '../src/errors'
import type { Feature, FeatureContext } from '../src/Feature'
import { redactEvent, type RedactedEvent } from '../src/features/redactEvent'
import type { RequestRecord } from '../src/RequestRecord'
import { fingerprint } from './fingerprint'
import { hideIn } from './hideIn'

const ID = 'uni-relogin'
const MINUTE = 60_000

/**
 * The Vue DevTools plugin: a "uni-relogin" timeline layer (each login run and each request one
 * group, by its run or request id) and an inspector (the session, its login budget, the requests
 * alive). It shows no token, only `fingerprint()`s. Development builds only: in production it is
 * an empty feature, and the condition, folded at build time, leaves the rest (and
 * `@vue/devtools-api`) unreferenced, so a bundler drops it. See docs/guide/devtools.md.
 *
 * @example
 * const app = createSSRApp(App)
 * createRelogin({ baseURL, exchange, features: [reloginDevtools(app)] })
 */
export const reloginDevtools: (app: App) => Feature = process.env.NODE_ENV === 'production' ? () => ({}) : devtoolsFeature

function devtoolsFeature(app: App): Feature {
  let context: FeatureContext
  let devtools: DevtoolsPluginApi<Record<string, unknown>> | undefined
  // Records seen by beforeSend, until the inspector finds them settled.
  const alive = new Map<RequestRecord, RequestLabel>()
  const starts: number[] = []
  let lastFailure: string | undefined
  // Which runs each request waited on: the run in flight when it was held, or the next to start
  // (the core tells a hold just before it asks for the login).
  const waitedOn = new Map<number, string[]>()
  let open: string | undefined
  let waiting: number[] = []

  const refresh = () => {
    devtools?.sendInspectorTree(ID)
    devtools?.sendInspectorState(ID)
  }
  const add = (title: string, data: Record<string, unknown>, groupId: string | undefined, subtitle = '', error = false) =>
    devtools?.addTimelineEvent({
      layerId: ID,
      event: { time: devtools.now(), title, subtitle, data, groupId, logType: error ? 'error' : 'default' },
    })

  function sessionState(): CustomInspectorState {
    const { session } = context
    const now = Date.now()
    return {
      session: [
        { key: 'status', value: session.status },
        { key: 'epoch', value: session.epoch },
        { key: 'token', value: fingerprint(session.token) },
        { key: 'login in flight', value: session.pending !== undefined },
      ],
      'login budget': [
        { key: 'logins this minute', value: `${starts.filter((at) => at > now - MINUTE).length} / ${context.options.maxLoginsPerMinute}` },
        { key: 'cool-down', value: `${context.options.loginCooldown} ms after a failure, doubling` },
        { key: 'last failure', value: lastFailure ?? '—' },
      ],
      limiter: limiterState(),
      requests: [{ key: 'alive', value: alive.size }],
    }
  }

  // WeChat's 10 concurrent calls: who holds a slot, who waits, and who goes next. The exchange's
  // own calls go ahead of every queued request.
  function limiterState(): CustomInspectorState[string] {
    const { limiter, options } = context
    const first = [...alive.keys()].filter((record) => record.state === 'queued').sort((a, b) => a.id - b.id)[0]
    return [
      { key: 'slots in use', value: `${limiter.busy} / ${options.maxConcurrent}` },
      { key: 'queued', value: limiter.queued },
      { key: 'first in line', value: first ? `#${first.id}` : '—' },
    ]
  }

  function recordState(record: RequestRecord, label: RequestLabel): CustomInspectorState {
    return {
      request: [
        { key: 'id', value: record.id },
        { key: 'method', value: label.method ?? 'GET' },
        { key: 'path', value: label.url ?? '' },
        { key: 'state', value: record.state },
        { key: 'epoch', value: record.epoch },
        { key: 're-logins', value: record.relogins },
        { key: 'retries', value: record.retries },
        { key: 'waited on', value: waitedOn.get(record.id)?.join(', ') ?? '—' },
        { key: 'token', value: fingerprint(record.token) },
      ],
    }
  }

  function follow({ type, run, id }: RedactedEvent) {
    const wait = (request: number, on: string) => waitedOn.set(request, [...(waitedOn.get(request) ?? []), on])
    if (type === 'login:start') {
      open = `run-${run}`
      for (const request of waiting) wait(request, open)
      waiting = []
    } else if (type === 'login:success' || type === 'login:failure') open = undefined
    else if (type === 'request:held' || type === 'request:replay') {
      if (open) wait(id!, open)
      else waiting.push(id!)
    } else if (type === 'request:settled') {
      // Over before any run started (the login budget said no): it waits on none.
      waiting = waiting.filter((request) => request !== id)
    }
  }

  function prune() {
    for (const record of alive.keys()) if (record.state === 'settled') alive.delete(record)
  }

  return {
    setup(given) {
      context = given
      setupDevtoolsPlugin({ id: ID, label: 'uni-relogin', packageName: 'uni-relogin', app: app as never }, (api) => {
        devtools = api
        api.addTimelineLayer({ id: ID, label: 'uni-relogin', color: 0x41b883 })
        api.addInspector({ id: ID, label: 'uni-relogin', icon: 'lock', treeFilterPlaceholder: 'Path or state' })
        api.on.getInspectorTree((payload) => {
          if (payload.inspectorId !== ID) return
          prune()
          const requests = [...alive].map(([record, label]) => ({ id: `request-${record.id}`, label: `#${record.id} ${label.method ?? 'GET'} ${label.url}`, tags: [{ label: record.state, textColor: 0xffffff, backgroundColor: 0x41b883 }] }))
          payload.rootNodes = [{ id: 'session', label: `session: ${context.session.status}`, children: requests }]
        })
        api.on.getInspectorState((payload) => {
          // pinia's own inspector shows every store's state, the auth store's token with it: there
          // too, only its fingerprint. The DevTools wait for a returned promise, and by then
          // pinia's handler, whichever was registered first, has filled the state.
          const { token } = context.session
          if (payload.inspectorId === 'pinia' && token) return Promise.resolve().then(() => hideIn(payload.state, token))
          if (payload.inspectorId !== ID) return
          const entry = [...alive].find(([record]) => `request-${record.id}` === payload.nodeId)
          payload.state = entry ? recordState(...entry) : sessionState()
        })
      })
    },
    beforeSend(config: Config) {
      const { record } = config.custom
      const label = labelOf(config)
      // Every request's end is on the timeline, not only those with a story.
      record.told = true
      alive.set(record, label)
      const attempt = record.retries + record.relogins + 1
      add('request:send', { id: record.id, attempt, epoch: record.epoch, page: currentPage() }, `request-${record.id}`, `${label.method ?? 'GET'} ${label.url}`)
      refresh()
    },
    recover(config: Config, error) {
      const { record } = config.custom
      add('request:failed', { id: record.id, code: error.code, status: error.statusCode }, `request-${record.id}`, `${error.code} ${error.statusCode ?? ''}`, true)
      refresh()
      return undefined
    },
    onEvent(event: ReloginEvent) {
      const data: RedactedEvent & { waitedOn?: string } = redactEvent(event)
      follow(data)
      if (event.type === 'login:start') starts.splice(0, starts.length, ...starts.filter((at) => at > event.at - MINUTE), event.at)
      if (data.error) lastFailure = `${data.error.code}: ${data.error.message}`
      if (data.id !== undefined && waitedOn.has(data.id)) data.waitedOn = waitedOn.get(data.id)!.join(', ')
      const group = data.run !== undefined ? `run-${data.run}` : data.id !== undefined ? `request-${data.id}` : undefined
      const outcome = data.code ?? data.status
      const subtitle = data.url ? `${data.method} ${data.url}${outcome ? ` → ${outcome}` : ''}` : data.error ? data.error.code : ''
      add(event.type, { ...data }, group, subtitle, data.error !== undefined || data.ok === false)
      if (event.type === 'request:settled') waitedOn.delete(event.id)
      refresh()
    },
  }
}

/** The route of the page on top, as uni-app knows it: where a request was made from. */
function currentPage(): string | undefined {
  const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : []
  return pages[pages.length - 1]?.route
}
