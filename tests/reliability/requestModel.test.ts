import Request from 'luch-request'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import {
  createAbortController,
  createRelogin,
  isReloginError,
  useAuthStore,
  type LoginResult,
  type ReloginEvent,
  adoptInstance,
  backgroundResume,
  offlineWait,
  retry,
  shareTabs,
} from '../../src/index'
import { deferred, drain } from '../support/deferred'
import { createTestUni, type TestUni } from '../../testing/index'
import { startApiServer, type ApiServer } from '../support/startApiServer'
import { assertModel } from '../support/assertModel'
import { startWatchdog } from '../support/watchdog'

/*
 * Each request's lifecycle, searched by a model (the sibling of sessionModel.test.ts): fast-check
 * draws command sequences (requests of every kind and retry rule, parameters that can't be built,
 * an app instance whose interceptor rejects, 503 with Retry-After, responses held at the server,
 * hide with WeChat's 'interrupted' and show, offline, a second H5 tab, logout, expiry, abort) and
 * runs them over real HTTP on the Node uni runtime. Invariants hold after every command and, once
 * everything has settled, the client must have given back every slot, timer and abort listener.
 * A failure prints its seed, path and shrunk commands; replay it with the command it prints.
 * FC_RUNS sets how many sequences run (default 1000).
 */

const EXPIRES_IN = 120 // seconds, so that "time passes" is also past every login cool-down
const MAX_CONCURRENT = 2
const KEY = 'uni-relogin:session'
const KNOWN_CODES = new Set<string>([
  'ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_OFFLINE', 'ERR_CANCELED', 'ERR_HTTP', 'ERR_LOGIN', 'ERR_LOGIN_LIMIT',
  'ERR_LOGIN_REQUIRED', 'ERR_LOGIN_CANCELED', 'ERR_RELOGIN_LOOP', 'ERR_CALLBACK', 'ERR_INVALID_REQUEST',
])
/** What a request that can't be built may end with: its own code, or what ended it before it was built. */
const UNBUILT_CODES = new Set<string>(['ERR_INVALID_REQUEST', 'ERR_CANCELED', 'ERR_LOGIN', 'ERR_LOGIN_LIMIT', 'ERR_OFFLINE'])

/**
 * - `get`, `post`, `upload`: plain calls to the echo route.
 * - `flaky`: a GET answered 503 with `Retry-After: 0` on its first arrival past auth.
 * - `slow`: the same with `Retry-After: 30`: it waits to retry until aborted (or its epoch ends).
 * - `bad`: `params` luch-request's buildURL throws on.
 * - `refused`: the app instance's request interceptor rejects it (an ordinary GET without one).
 */
type Kind = 'get' | 'post' | 'upload' | 'flaky' | 'slow' | 'bad' | 'refused'
type Retry = 'unset' | false | 1 | 2
type SignalMode = 'none' | 'watched' | 'abortable'

interface Model {
  abortable: number
  hidden: boolean
}

/** One logical request, as the invariants see it. */
interface Call {
  path: string
  kind: Kind
  retry: Retry
  auth: boolean
  epoch: number
  controller?: ReturnType<typeof countingController>
  abortable: boolean
  open: boolean
}

interface Real {
  api: ReturnType<typeof createRelogin>['api']
  store: ReturnType<typeof useAuthStore>
  tab: { store: ReturnType<typeof useAuthStore>; page: EventTarget }
  page: EventTarget
  uni: TestUni
  instance: boolean
  /** Bumped by logout() and by a logout adopted from the other tab. */
  epoch: number
  /** The epoch of the login in flight: -1 when only a request of an ended epoch asked for it. */
  runEpoch: number
  /** Which epoch issued each token (the epoch its login began in). */
  epochOf: Map<string, number>
  calls: Call[]
  replays: Map<string, number>
  /** What the app's interceptor rejected, by path: the caller must get exactly this. */
  refusals: Map<string, unknown>
  open: Set<Promise<unknown>>
  /** Responses of tagged requests are held (in flight at the server) while this is on. */
  holding: boolean
  held: Held[]
  /** getCode waits for the gate while it is closed: a login stays in flight. */
  gate: ReturnType<typeof deferred<void>> | undefined
  timers: number
  violations: string[]
}

interface Held {
  arrived?: () => void
  /** Released before its response arrived: delivered the moment it does. */
  released: boolean
  done: boolean
  aborted: boolean
  fail(reason: string): void
  release(): void
}

let server: ApiServer
let ids = 0
/** Resolved whenever a probe's response arrives (see checkSettled). */
let probes = deferred()
const watchdog = startWatchdog()
const file = join(mkdtempSync(join(tmpdir(), 'relogin-request-model-')), 'avatar.png')
writeFileSync(file, randomBytes(4 * 1024))

const timeouts = () => process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length
const tagged = (url: string) => /\/(echo|flaky|public)\//.test(url)

beforeAll(async () => {
  server = await startApiServer({ expiresIn: EXPIRES_IN })
})
afterAll(async () => {
  watchdog.stop()
  await server.close()
})

/** A signal whose abort listeners are counted: once a request settles, none of ours may be left. */
function countingController() {
  const controller = createAbortController()
  const attached = new Set<() => void>()
  const signal = controller.signal as { addEventListener: (...args: never[]) => void; removeEventListener: (...args: never[]) => void }
  const add = signal.addEventListener.bind(signal)
  const remove = signal.removeEventListener.bind(signal)
  signal.addEventListener = ((type: 'abort', listener: () => void, options?: { once?: boolean }) => {
    attached.add(listener)
    add(type as never, listener as never, options as never)
  }) as never
  signal.removeEventListener = ((type: 'abort', listener: () => void) => {
    attached.delete(listener)
    remove(type as never, listener as never)
  }) as never
  return {
    signal: controller.signal,
    attached,
    abort() {
      controller.abort()
      // The controller drops every listener once it has called them.
      attached.clear()
    },
  }
}

/**
 * The Node runtime, with `uni.request` able to hold a response that reached the server (the request
 * is in flight as far as the client knows), to fail it with WeChat's 'interrupted' on interrupt(),
 * and to fail it with 'abort' when its task is aborted.
 */
function instrumentedUni(real: Real): TestUni {
  const uni = createTestUni({ codeURL: `${server.url}/dev/code` })
  type Options = Parameters<TestUni['request']>[0] & { success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void }
  const send = uni.request.bind(uni) as (options: Options) => { abort(): void }
  uni.request = ((options: Options) => {
    const url = String(options.url)
    const probe = url.includes('/public/echo')
    if (!((real.holding && tagged(url)) || probe)) return send(options)
    const finish = (callback: ((r: unknown) => void) | undefined, result: unknown) => () => {
      callback?.(result)
      options.complete?.(result)
    }
    const entry: Held = {
      released: false,
      done: false,
      aborted: false,
      fail(reason) {
        if (entry.done) return
        entry.done = true
        finish(options.fail, { errMsg: `request:fail ${reason}` })()
      },
      release() {
        entry.released = true
        if (entry.done || !entry.arrived) return
        entry.done = true
        entry.arrived()
      },
    }
    real.held.push(entry)
    const task = send({
      ...options,
      // A response is held; a platform failure (aborted, interrupted, offline) arrives at once.
      success: (result) => {
        entry.arrived = finish(options.success, result)
        if (entry.aborted) entry.fail('abort')
        else if (entry.released) entry.release()
        if (probe) probes.resolve()
      },
      fail: (result) => {
        if (entry.done) return
        entry.done = true
        finish(options.fail, result)()
      },
      complete: () => {},
    })
    const abort = task.abort.bind(task)
    task.abort = () => {
      entry.aborted = true
      if (entry.arrived) entry.fail('abort')
      else abort()
    }
    return task
  }) as TestUni['request']
  // WeChat fails every open call when it interrupts, those whose answer is on its way included.
  const interrupt = uni.interrupt.bind(uni)
  uni.interrupt = () => {
    interrupt()
    for (const entry of real.held) if (entry.arrived) entry.fail('interrupted')
  }
  // Every session written to storage must come from a login of the current epoch.
  const setStorageSync = uni.setStorageSync.bind(uni)
  uni.setStorageSync = (key: string, value: unknown) => {
    const token = (value as { token?: string } | null)?.token
    if (token && real.epochOf.get(token) !== real.epoch) real.violations.push('storage got a session of an ended epoch')
    setStorageSync(key, value)
  }
  return uni
}


/** Each tab hears the `storage` events of the other's writes through its own page (as in tabs.test.ts). */
function onPage<T>(page: EventTarget, create: () => T): T {
  const global = globalThis as { addEventListener?: EventTarget['addEventListener'] }
  global.addEventListener = page.addEventListener.bind(page)
  try {
    return create()
  } finally {
    delete global.addEventListener
  }
}

function start(instance: boolean): Real {
  server.expireAll()
  server.loginFault = null
  server.arrivals.length = 0
  server.seen.length = 0
  const real = {
    instance, epoch: 0, runEpoch: 0, epochOf: new Map(), calls: [], replays: new Map(), refusals: new Map(), open: new Set(),
    holding: false, held: [], gate: undefined, violations: [],
  } as unknown as Real
  const uni = (real.uni = instrumentedUni(real))
  const codes = new Map<string, number>()
  const exchange = async (code: string, http: Request) => {
    const epoch = codes.get(code) ?? real.epoch
    if (epoch !== real.epoch) real.violations.push('a login of an ended epoch called exchange')
    const result = (await http.post('/login', { code })).data as LoginResult
    real.epochOf.set(result.token, epoch)
    return result
  }
  const getCode = () =>
    new Promise<string>((resolve, reject) => {
      const epoch = real.runEpoch
      const go = () => uni.login({ success: ({ code }) => (codes.set(code, epoch), resolve(code)), fail: reject })
      if (real.gate) void real.gate.promise.then(go)
      else go()
    })
  const onEvent = (event: ReloginEvent) => {
    if (event.type === 'login:start') attributeLogin(real)
    else if (event.type === 'logout:adopted') real.epoch++
    else if (event.type === 'request:replay') real.replays.set(event.request.url!, (real.replays.get(event.request.url!) ?? 0) + 1)
  }
  real.page = new EventTarget()
  real.tab = { store: undefined as never, page: new EventTarget() }
  // The second tab first, so that the first tab's pinia stays the active one.
  onPage(real.tab.page, () => {
    setActivePinia(createPinia())
    const exchange = async (code: string, http: Request) => {
      const result = (await http.post('/login', { code })).data as LoginResult
      real.epochOf.set(result.token, real.epoch)
      return result
    }
    createRelogin({ baseURL: server.url, exchange, features: [shareTabs()] })
    real.tab.store = useAuthStore()
  })
  onPage(real.page, () => {
    setActivePinia(createPinia())
    const app = instance ? new Request({ baseURL: server.url }) : undefined
    // The app's own interceptor refuses some calls with luch-request's cancel idiom.
    app?.interceptors.request.use((config) => {
      if (!config.custom?.refuse) return config
      real.refusals.set(config.url!, config)
      return Promise.reject(config)
    })
    // Every feature a request can meet: the background, the network, retries, the other tab.
    const features = [backgroundResume(), offlineWait(), retry(0), shareTabs()]
    const options = { baseURL: server.url, maxConcurrent: MAX_CONCURRENT, getCode, exchange, onEvent }
    real.api = createRelogin({ ...options, features: app ? [...features, adoptInstance(app)] : features }).api
    real.store = useAuthStore()
  })
  real.timers = timeouts()
  return real
}

/** A login may start only for a request of the current epoch, or to renew a session of it. */
function attributeLogin(real: Real) {
  const token = real.store._session.token
  const ours = real.calls.some((call) => call.open && call.auth && call.epoch === real.epoch)
  const legitimate = ours || (token !== null && real.epochOf.get(token) === real.epoch)
  if (!legitimate) real.violations.push('a login started for a request of an ended epoch')
  // What such a login brings belongs to no epoch: storage must not keep it either.
  real.runEpoch = legitimate ? real.epoch : -1
}

/** Like a browser, a tab hears of a change to the shared session that it did not make itself. */
function syncTabs(real: Real) {
  const saved = real.uni.getStorageSync(KEY) as { token?: string } | ''
  const token = (saved && saved.token) || null
  for (const [store, page] of [[real.store, real.page], [real.tab.store, real.tab.page]] as const) {
    if (store.token !== token) page.dispatchEvent(Object.assign(new Event('storage'), { key: KEY }))
  }
}

function check(real: Real) {
  // A logged-out app keeps no session until a login of the new epoch brings one.
  const saved = real.uni.getStorageSync(KEY) as { token?: string } | ''
  if (saved && saved.token && real.epochOf.get(saved.token) !== real.epoch) real.violations.push('storage holds a session of an ended epoch')
  const arrivals = new Map<string, number>()
  for (const path of server.arrivals) arrivals.set(path, (arrivals.get(path) ?? 0) + 1)
  for (const call of real.calls) {
    const sent = arrivals.get(call.path) ?? 0
    const replays = real.replays.get(call.path) ?? 0
    // Unset: the documented background resend of a safe request (all of these are safe).
    const extra = call.retry === false ? 0 : call.retry === 'unset' ? 1 : call.retry
    if (sent > 1 + replays + extra) real.violations.push(`${call.path} (retry ${String(call.retry)}) reached the server ${sent} times after ${replays} replay(s)`)
    if (call.kind === 'bad' && sent > 0) real.violations.push(`${call.path}, which can't be built, reached the server`)
  }
  expect(real.violations).toEqual([])
  expect(watchdog.takeMaxGap(), 'the event loop was blocked').toBeLessThan(3_000)
}

/** Resolves once no request is open and neither tab runs a login (a login may outlive its request). */
async function quiet(real: Real) {
  const busy = () => real.open.size > 0 || real.store._session.pending || real.tab.store._session.pending
  while (busy()) {
    const pending = [real.store._session.pending, real.tab.store._session.pending].map((login) => login?.catch(() => {}))
    await Promise.all([...real.open, ...pending])
    await drain(3)
  }
}

/** Resolves with `promise`, or with `fallback` after `ms` (a bound on a hang, cleared either way). */
async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const bound = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))
  try {
    return await Promise.race([promise, bound])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Once nothing is open: every slot is free (maxConcurrent calls held at the server all arrive at
 * once), no timer of ours is left, and no abort listener either.
 */
async function checkSettled(real: Real) {
  const open = real.calls.filter((call) => call.controller?.attached.size)
  expect(open.map((call) => call.path), 'abort listeners left on settled requests').toEqual([])
  // The server's own timers (a request it still handles after the client gave up on it) end within
  // a few turns of the loop; one of ours would outlive this bound by seconds.
  for (const since = performance.now(); timeouts() > real.timers && performance.now() - since < 250; ) await drain(1)
  expect(timeouts(), 'timers left once every request settled').toBeLessThanOrEqual(real.timers)
  real.held = []
  const arrived = () => real.held.filter((entry) => entry.arrived).length
  const calls = Array.from({ length: MAX_CONCURRENT }, () => real.api.get('/public/echo', { auth: false }).catch(() => {}))
  const all = (async () => {
    while (arrived() < MAX_CONCURRENT) {
      probes = deferred()
      await probes.promise
    }
  })()
  await within(all, 5_000, undefined)
  expect(arrived(), 'limiter slots never given back').toBe(MAX_CONCURRENT)
  for (const entry of real.held.splice(0)) entry.release()
  await Promise.all(calls)
}

/** Each command first lets the world move on: user actions and server answers are separate events. */
abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(_model: Readonly<Model>) {
    return true
  }
  async run(model: Model, real: Real) {
    await new Promise((resolve) => setImmediate(resolve))
    syncTabs(real)
    await this.act(model, real)
    check(real)
  }
  abstract act(model: Model, real: Real): void | Promise<void>
  abstract toString(): string
}

class Send extends Step {
  constructor(
    readonly kind: Kind,
    readonly retry: Retry,
    readonly auth: boolean,
    readonly signalMode: SignalMode,
  ) {
    super()
  }
  act(model: Model, real: Real) {
    const id = ++ids
    const { api } = real
    const path =
      this.kind === 'flaky' ? `/flaky/f${id}` : this.kind === 'slow' ? `/flaky/s${id}` : `/echo/${this.kind[0]}${id}`
    const controller = this.signalMode === 'none' ? undefined : countingController()
    if (this.signalMode === 'abortable') model.abortable++
    const call: Call = { path, kind: this.kind, retry: this.retry, auth: this.auth, epoch: real.epoch, controller, abortable: this.signalMode === 'abortable', open: true }
    real.calls.push(call)
    const options = {
      auth: this.auth,
      signal: controller?.signal,
      ...(this.retry === 'unset' ? {} : { retry: this.retry }),
      ...(this.kind === 'bad' ? { params: { since: new Date('') } } : {}),
      ...(this.kind === 'refused' ? { custom: { refuse: true } } : {}),
    }
    const sent =
      this.kind === 'post' ? api.post(path, { n: id }, options)
      : this.kind === 'upload' ? api.upload(path, { ...options, filePath: file, name: 'file' })
      : this.kind === 'flaky' ? api.get(`${path}?fail=1&status=503&retryAfter=0`, options)
      : this.kind === 'slow' ? api.get(`${path}?fail=1&status=503&retryAfter=30`, options)
      : api.get(path, options)
    const refused = this.kind === 'refused' && real.instance
    const tracked = sent.then(
      () => {
        if (this.kind === 'bad') real.violations.push(`${path}, which can't be built, resolved`)
        if (refused) real.violations.push(`${path}, refused by the app's interceptor, resolved`)
      },
      (error: unknown) => {
        if (refused) {
          if (error !== real.refusals.get(path)) real.violations.push(`${path}: the app's rejection reached the caller as ${String(error)}`)
        } else if (!isReloginError(error) || !KNOWN_CODES.has(error.code)) real.violations.push(`${path} rejected with ${String(error)}`)
        else if (this.kind === 'bad' && !UNBUILT_CODES.has(error.code)) real.violations.push(`${path}, which can't be built, rejected with ${error.code}`)
      },
    )
    real.open.add(tracked)
    void tracked.finally(() => {
      call.open = false
      real.open.delete(tracked)
    })
  }
  toString() {
    return `Send(${this.kind}, retry ${String(this.retry)}${this.auth ? '' : ', auth: false'}, ${this.signalMode})`
  }
}

class Act extends Step {
  constructor(
    readonly what: 'Expire' | 'TimePasses' | 'Logout' | 'Hold' | 'Release' | 'Gate' | 'OpenGate' | 'LoginFailing' | 'LoginWorks' | 'Offline' | 'Online',
  ) {
    super()
  }
  act(_model: Model, real: Real) {
    const { uni } = real
    switch (this.what) {
      case 'TimePasses':
        vi.setSystemTime(Date.now() + EXPIRES_IN * 1000 + 1)
      // falls through: past the token's lifetime, the server forgets it too
      case 'Expire':
        return server.expireAll()
      case 'Logout':
        real.epoch++
        return real.store.logout()
      case 'Hold':
        real.holding = true
        return
      case 'Release':
        real.holding = false
        for (const entry of real.held.splice(0)) entry.release()
        return
      case 'Gate':
        real.gate ??= deferred()
        return
      case 'OpenGate':
        real.gate?.resolve()
        real.gate = undefined
        return
      case 'LoginFailing':
      case 'LoginWorks':
        server.loginFault = this.what === 'LoginFailing' ? 'error500' : null
        return
      default:
        return uni.setOnline(this.what === 'Online')
    }
  }
  toString() {
    return this.what
  }
}

/** Hidden and past WeChat's grace, so every open call fails with 'interrupted'; or shown again. */
class Visibility extends Step {
  constructor(readonly hidden: boolean) {
    super()
  }
  act(model: Model, real: Real) {
    model.hidden = this.hidden
    if (!this.hidden) return real.uni.show()
    real.uni.hide()
    real.uni.interrupt()
  }
  toString() {
    return this.hidden ? 'HideAndInterrupt' : 'Show'
  }
}

/** The second tab logs in or out, and this tab hears of it from storage. */
class OtherTab extends Step {
  constructor(readonly login: boolean) {
    super()
  }
  check(model: Readonly<Model>) {
    // A tab in the background defers its login until shown: the command would wait for itself.
    return !this.login || !model.hidden
  }
  async act(_model: Model, real: Real) {
    if (this.login) await real.tab.store.login().catch(() => {})
    else real.tab.store.logout()
    syncTabs(real)
  }
  toString() {
    return this.login ? 'OtherTabLogsIn' : 'OtherTabLogsOut'
  }
}

class Abort extends Step {
  constructor(readonly index: number) {
    super()
  }
  check(model: Readonly<Model>) {
    return model.abortable > 0
  }
  act(_model: Model, real: Real) {
    const abortable = real.calls.filter((call) => call.abortable)
    abortable[this.index % abortable.length]!.controller!.abort()
  }
  toString() {
    return `Abort(${this.index})`
  }
}

class Yield extends Step {
  constructor(readonly turns: number) {
    super()
  }
  act() {
    return drain(this.turns)
  }
  toString() {
    return `Yield(${this.turns})`
  }
}

const kinds = fc.constantFrom<Kind>('get', 'post', 'upload', 'flaky', 'slow', 'bad', 'refused')
const commands = [
  fc
    .tuple(kinds, fc.constantFrom<Retry>('unset', false, 1, 2), fc.constantFrom(true, true, true, false), fc.constantFrom<SignalMode>('none', 'watched', 'abortable'))
    // A call waiting out a long Retry-After can always be aborted, so that the sequence can end.
    .map(([kind, retry, auth, mode]) => new Send(kind, retry, auth || kind === 'slow', kind === 'slow' ? 'abortable' : mode)),
  fc.tuple(fc.constantFrom<Kind>('get', 'post', 'flaky'), fc.constantFrom<Retry>('unset', false, 1)).map(([kind, retry]) => new Send(kind, retry, true, 'watched')),
  fc.constantFrom('Expire', 'TimePasses', 'Logout', 'Logout', 'Hold', 'Release', 'Gate', 'OpenGate', 'LoginFailing', 'LoginWorks', 'Offline', 'Online').map(
    (what) => new Act(what as Act['what']),
  ),
  fc.boolean().map((hidden) => new Visibility(hidden)),
  fc.boolean().map((login) => new OtherTab(login)),
  fc.nat(20).map((index) => new Abort(index)),
  fc.integer({ min: 1, max: 6 }).map((turns) => new Yield(turns)),
]

async function runSequence(instance: boolean, steps: Iterable<fc.AsyncCommand<Model, Real>>) {
  const real = start(instance)
  watchdog.label(`request model (instance: ${instance}): ${[...steps].join(', ')}`)
  try {
    await fc.asyncModelRun(() => ({ model: { abortable: 0, hidden: false }, real }), steps)
    // The end: the world comes back, and every promise must settle by itself, within a bound.
    server.loginFault = null
    real.gate?.resolve()
    real.gate = undefined
    real.uni.show()
    real.uni.setOnline(true)
    real.holding = false
    for (const entry of real.held.splice(0)) entry.release()
    // Nobody waits out a 30 s Retry-After: its caller gives up (a request of an ended epoch has already).
    for (const call of real.calls) if (call.kind === 'slow' && call.open) call.controller!.abort()
    syncTabs(real)
    const hung = await within(quiet(real).then(() => false), 10_000, true)
    expect(hung ? real.calls.filter((call) => call.open).map((call) => call.path) : [], 'requests that never settled').toEqual([])
    expect(hung ? [real.store.status, real.tab.store.status] : [], 'logins that never ended').toEqual([])
    check(real)
    await checkSettled(real)
    check(real)
  } finally {
    real.gate?.resolve()
    real.uni.uninstall()
  }
}

describe('the request lifecycle model', () => {
  it('every request settles, gives back what it took, is sent within its rule, and ends with its epoch', async () => {
    await assertModel((replayPath) => fc.asyncProperty(fc.boolean(), fc.commands(commands, { maxCommands: 20, replayPath }), runSequence), 'tests/reliability/requestModel.test.ts')
  }, 600_000)
})
