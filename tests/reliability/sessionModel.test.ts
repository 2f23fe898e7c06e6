import { mkdtempSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { effectScope, watch, type EffectScope } from 'vue'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import {
  createAbortController,
  createRelogin,
  useAuthStore,
  isReloginError,
  LoginRequiredError,
  useLoginPrompt,
  type AbortControllerLike,
  type LoginResult,
  type ReloginErrorCode,
  backgroundResume,
  offlineWait,
} from '../../src/index'
import { drain } from '../support/deferred'
import { createTestUni, type TestUni } from '../../testing/index'
import type { ClientSetup } from '../support/setupClient'
import { startApiServer, type ApiServer } from '../support/startApiServer'
import { assertModel } from '../support/assertModel'
import { startWatchdog } from '../support/watchdog'

/*
 * The session's lifecycle, searched by a model: fast-check draws command sequences (requests of
 * every kind, server-side expiry, logout, failing logins, interactive logins with or without a
 * sheet, aborts, time passing) and runs them over real HTTP on the Node uni runtime. After every
 * command the invariants below must hold. A failure prints its seed, path and shrunk command list;
 * replay it with the command it prints (FC_SEED, FC_PATH, FC_REPLAY_PATH). FC_RUNS sets how many
 * sequences run (default 1000).
 */

const EXPIRES_IN = 120 // seconds, so that "time passes" is also past every login cool-down
const KNOWN_CODES = new Set<ReloginErrorCode>([
  'ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_CANCELED', 'ERR_HTTP', 'ERR_LOGIN', 'ERR_LOGIN_LIMIT',
  'ERR_LOGIN_REQUIRED', 'ERR_LOGIN_CANCELED', 'ERR_RELOGIN_LOOP', 'ERR_CALLBACK',
])

interface Model {
  abortable: number
  prompts: number
}

/** One sequence's client and everything the invariants are measured with. */
interface Real {
  client: Omit<ClientSetup, 'restart'>
  /** Bumped by logout(): what a run of an older epoch does is a violation. */
  epoch: number
  epochOf: Map<string, number>
  running: number
  starts: number
  /** What justifies a login: the first one, and each event that took away a live session or a login. */
  causes: number
  /** The server issued a session since the last expiry: an expiry now would justify one login. */
  armed: boolean
  needsBinding: boolean
  open: Set<Promise<unknown>>
  controllers: AbortControllerLike[]
  scopes: EffectScope[]
  violations: string[]
  stopWatch: () => void
}

let server: ApiServer
let current: Real | undefined
const watchdog = startWatchdog()
const file = join(mkdtempSync(join(tmpdir(), 'relogin-model-')), 'avatar.png')
writeFileSync(file, randomBytes(8 * 1024))

const violation = (text: string) => current?.violations.push(text)
const tokenOf = (header: unknown) => /^Bearer (.+)$/.exec(String((header as Record<string, unknown>)?.Authorization ?? ''))?.[1]

beforeAll(async () => {
  server = await startApiServer({ expiresIn: EXPIRES_IN })
  server.addFile('a.bin', randomBytes(2048))
  // The moment the server issues a session, an expiry can take it away.
  const issueToken = server.issueToken.bind(server)
  server.issueToken = () => {
    if (current) current.armed = true
    return issueToken()
  }
})
afterAll(async () => {
  watchdog.stop()
  await server.close()
})

/**
 * A fresh runtime per sequence, as each sequence is a fresh app: an earlier sequence's client still
 * listens to its own runtime's app events, and must not hear this one's.
 */
function instrumentedUni(): TestUni {
  const uni = createTestUni({ codeURL: `${server.url}/dev/code` })
  // Every platform send: it must carry the store's current token, and never while a login runs.
  for (const api of ['request', 'uploadFile', 'downloadFile'] as const) {
    const send = uni[api].bind(uni) as (options: { header?: unknown }) => unknown
    ;(uni as unknown as Record<string, unknown>)[api] = (options: { header?: unknown }) => {
      const token = tokenOf(options.header)
      if (token && current) {
        const session = current.client.store._session
        if (token !== session.token) violation(`${api} sent a token the store no longer holds`)
        else if (session.pending) violation(`${api} sent a token while a login was in flight`)
      }
      return send(options)
    }
  }
  // Every session written to storage must come from a run of the current epoch.
  const setStorageSync = uni.setStorageSync.bind(uni)
  uni.setStorageSync = (key: string, value: unknown) => {
    const token = (value as { token?: string } | null)?.token
    if (token && current && current.epochOf.get(token) !== current.epoch) violation('a superseded run wrote storage')
    setStorageSync(key, value)
  }
  return uni
}

function start(): Real {
  server.expireAll()
  server.loginFault = null
  const uni = instrumentedUni()
  const real = { epoch: 0, epochOf: new Map(), running: 0, starts: 0, causes: 1, armed: false, needsBinding: false } as Real
  Object.assign(real, { open: new Set(), controllers: [], scopes: [], violations: [] })
  const codes = new Map<string, number>()
  current = real
  setActivePinia(createPinia())
  const relogin = createRelogin({
    baseURL: server.url,
    // Few slots, so requests queue and a login can begin while they wait for one.
    maxConcurrent: 2,
    // The environment's features, since the model hides the app and takes its network.
    features: [backgroundResume(), offlineWait()],
    getCode: () =>
      new Promise<string>((resolve, reject) => {
        if (real.running !== 1) violation('getCode called outside a current run')
        uni.login({ success: ({ code }) => (codes.set(code, real.epoch), resolve(code)), fail: reject })
      }),
    exchange: async (code, http) => {
      if (codes.get(code) !== real.epoch) violation('a superseded run called exchange')
      if (real.needsBinding) throw new LoginRequiredError('bind your phone first', { code })
      const result = (await http.post('/login', { code })).data as LoginResult
      real.epochOf.set(result.token, codes.get(code)!)
      return result
    },
    onEvent: (event) => {
      if (event.type === 'login:start') {
        if (real.running) violation('a second login started while one was in flight')
        real.running = 1
        real.starts++
      } else if (event.type === 'login:success' || event.type === 'login:failure') {
        if (real.running !== 1) violation(`${event.type} from a superseded run`)
        const token = real.client.store._session.token
        if (event.type === 'login:success' && real.epochOf.get(token!) !== real.epoch) violation('login:success from a superseded run')
        if (event.type === 'login:failure') real.causes++
        real.running = 0
      } else if (event.type === 'login:interaction' && real.running !== 1) violation('login:interaction from a superseded run')
    },
  })
  real.client = { server, uni, api: relogin.api, store: useAuthStore() }
  real.stopWatch = watch(
    () => real.client.store.token,
    (token) => {
      if (token !== null && real.epochOf.get(token) !== real.epoch) violation('a superseded run set the token')
    },
    { flush: 'sync' },
  )
  return real
}

function check(real: Real) {
  const { status, interaction, _session: session } = real.client.store
  const busy = status === 'logging-in' || status === 'needs-interaction'
  expect(busy, `status ${status} disagrees with the lock`).toBe(session.pending !== undefined)
  if (status !== 'needs-interaction') expect(interaction, 'an interaction outlived its login').toBeNull()
  expect(real.violations).toEqual([])
  expect(real.starts, 'logins beyond expiries, logouts, failures and refusals').toBeLessThanOrEqual(real.causes)
  // Generous: a loaded 2-core machine pauses, a blocked loop never comes back (the watchdog ends that).
  expect(watchdog.takeMaxGap(), 'the event loop was blocked').toBeLessThan(3_000)
}

/** Each command first lets the world move on: user actions and server answers are separate events. */
abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(_model: Readonly<Model>) {
    return true
  }
  async run(model: Model, real: Real) {
    await new Promise((resolve) => setImmediate(resolve))
    await this.act(model, real)
    check(real)
  }
  abstract act(model: Model, real: Real): void | Promise<void>
  abstract toString(): string
}

type Kind = 'get' | 'post' | 'upload' | 'download' | 'forbidden'

class Request extends Step {
  constructor(
    readonly kind: Kind,
    readonly abortable: boolean,
  ) {
    super()
  }
  act(model: Model, real: Real) {
    const { api } = real.client
    const controller = this.abortable ? createAbortController() : undefined
    const signal = controller?.signal
    if (controller) {
      real.controllers.push(controller)
      model.abortable++
    }
    if (this.kind === 'forbidden') real.causes++
    const call =
      this.kind === 'get' ? api.get('/echo/r', { signal })
      : this.kind === 'post' ? api.post('/echo/w', { n: 1 }, { signal })
      : this.kind === 'upload' ? api.upload('/upload', { filePath: file, name: 'file', signal })
      : this.kind === 'download' ? api.download('/files/a.bin', { signal })
      : api.get('/status/401', { signal })
    const tracked = call.then(
      () => {},
      (error: unknown) => {
        if (!isReloginError(error) || !KNOWN_CODES.has(error.code)) violation(`a request rejected with ${String(error)}`)
      },
    )
    real.open.add(tracked)
    void tracked.finally(() => real.open.delete(tracked))
  }
  toString() {
    return `Request(${this.kind}${this.abortable ? ', abortable' : ''})`
  }
}

/** An expiry justifies a login only if it took a live session away. */
function expire(real: Real) {
  if (real.armed) real.causes++
  real.armed = false
  real.client.server.expireAll()
}

class Expire extends Step {
  act(_model: Model, real: Real) {
    expire(real)
  }
  toString() {
    return 'Expire'
  }
}

class TimePasses extends Step {
  act(_model: Model, real: Real) {
    vi.setSystemTime(Date.now() + EXPIRES_IN * 1000 + 1)
    expire(real)
  }
  toString() {
    return 'TimePasses'
  }
}

class Logout extends Step {
  act(_model: Model, real: Real) {
    if (real.armed || real.running) real.causes++
    real.armed = false
    real.epoch++
    real.running = 0
    real.client.store.logout()
  }
  toString() {
    return 'Logout'
  }
}

/**
 * Flips a condition of the world on or off: the login endpoint failing, the backend demanding the
 * user, the app in the background (on: hidden and past WeChat's grace, so open calls are
 * interrupted), or the network gone.
 */
class Switch extends Step {
  constructor(
    readonly what: 'LoginFailing' | 'DemandInteraction' | 'Background' | 'Offline',
    readonly on: boolean,
  ) {
    super()
  }
  act(_model: Model, real: Real) {
    const { server, uni } = real.client
    if (this.what === 'LoginFailing') server.loginFault = this.on ? 'error500' : null
    else if (this.what === 'DemandInteraction') real.needsBinding = this.on
    else if (this.what === 'Offline') uni.setOnline(!this.on)
    else if (this.on) {
      uni.hide()
      uni.interrupt()
    } else uni.show()
  }
  toString() {
    return `${this.what}(${this.on})`
  }
}

class MountPrompt extends Step {
  act(model: Model, real: Real) {
    const scope = effectScope()
    scope.run(() => useLoginPrompt())
    real.scopes.push(scope)
    model.prompts++
  }
  toString() {
    return 'MountPrompt'
  }
}

class UnmountPrompt extends Step {
  check(model: Readonly<Model>) {
    return model.prompts > 0
  }
  act(model: Model, real: Real) {
    real.scopes.shift()!.stop()
    model.prompts--
  }
  toString() {
    return 'UnmountPrompt'
  }
}

class Complete extends Step {
  async act(_model: Model, real: Real) {
    const { server, store } = real.client
    const { code } = (await (await fetch(`${server.url}/dev/code`)).json()) as { code: string }
    const result = (await (await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    })).json()) as LoginResult
    real.epochOf.set(result.token, real.epoch)
    store.completeLogin(result)
  }
  toString() {
    return 'Complete'
  }
}

class Cancel extends Step {
  act(_model: Model, real: Real) {
    real.client.store.cancelLogin()
  }
  toString() {
    return 'Cancel'
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
    real.controllers[this.index % real.controllers.length]!.abort()
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

const commands = [
  fc.tuple(fc.constantFrom<Kind>('get', 'post', 'upload', 'download'), fc.boolean()).map(([kind, abortable]) => new Request(kind, abortable)),
  fc.tuple(fc.constantFrom<Kind>('get', 'post'), fc.boolean()).map(([kind, abortable]) => new Request(kind, abortable)),
  fc.boolean().map((abortable) => new Request('forbidden', abortable)),
  fc.constant(new Expire()),
  fc.constant(new TimePasses()),
  fc.constant(new Logout()),
  fc.tuple(fc.constantFrom('LoginFailing' as const, 'DemandInteraction' as const), fc.boolean()).map(([what, on]) => new Switch(what, on)),
  fc.tuple(fc.constantFrom('Background' as const, 'Offline' as const), fc.boolean()).map(([what, on]) => new Switch(what, on)),
  fc.constant(new MountPrompt()),
  fc.constant(new UnmountPrompt()),
  fc.constant(new Complete()),
  fc.constant(new Cancel()),
  fc.nat(20).map((index) => new Abort(index)),
  fc.integer({ min: 1, max: 8 }).map((turns) => new Yield(turns)),
]

async function runSequence(steps: Iterable<fc.AsyncCommand<Model, Real>>) {
  const real = start()
  watchdog.label(`session model: ${[...steps].join(', ')}`)
  try {
    await fc.asyncModelRun(() => ({ model: { abortable: 0, prompts: 0 }, real }), steps)
    // The end: nobody will act any more, so every promise must settle by itself, within a bound.
    real.needsBinding = false
    real.client.server.loginFault = null
    real.client.uni.show()
    real.client.uni.setOnline(true)
    const { store } = real.client
    const busy = () => real.open.size + (store._session.pending ? 1 : 0)
    for (let i = 0; i < 50 && busy(); i++) {
      // The person at a sheet closes it; with no sheet on the page, nobody can.
      if (store.status === 'needs-interaction' && real.scopes.length) store.cancelLogin()
      await drain(5)
    }
    // A login nobody waits for any more must end too, not linger.
    const pending = store._session.pending?.catch(() => {})
    const hung = await Promise.race([
      Promise.all([...real.open, pending]).then(busy),
      new Promise<number>((resolve) => setTimeout(() => resolve(busy()), 10_000)),
    ])
    expect(hung, 'requests or logins that never settled').toBe(0)
    check(real)
  } finally {
    real.client.uni.uninstall()
    real.stopWatch()
    for (const scope of real.scopes) scope.stop()
    current = undefined
  }
}

describe('the session lifecycle model', () => {
  it('no sequence hangs, freezes, double-logs-in, sends a stale token or lets a superseded run act', async () => {
    await assertModel((replayPath) => fc.asyncProperty(fc.commands(commands, { maxCommands: 14, replayPath }), runSequence), 'tests/reliability/sessionModel.test.ts')
  }, 600_000)
})
