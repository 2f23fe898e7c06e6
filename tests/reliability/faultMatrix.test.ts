import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import {
  createAbortController,
  createIdempotencyKey,
  isReloginError,
  type AbortSignalLike,
  backgroundResume,
  offlineWait,
  retry,
} from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { drain } from '../support/deferred'
import { settles } from '../support/settles'
import { until } from '../support/until'
import { formatReliabilityTable, type Cell } from './formatReliabilityTable'

/*
 * Every fault × request, upload and download, against the real server. Invariants for each cell:
 * the promise settles with the documented outcome, the store ends consistent (every login ends,
 * and there is a token whenever it says authenticated), the action ran at most once (never twice),
 * and the client recovers: once the fault is gone, the next call succeeds.
 */
type Kind = 'request' | 'upload' | 'download'
const kinds: Kind[] = ['request', 'upload', 'download']

interface Fault {
  name: string
  /** What the caller sees: a ReloginError code, or 'resolved'. */
  expected: string
  /** Options for this cell's client. */
  options?: Parameters<typeof setupClient>[0]
  /** Breaks things after the client has logged in once. */
  arrange(client: ClientSetup): void | Promise<void>
  /** The client sends the call a second time, with the same idempotency key (its action may run twice on this test server). */
  sendsAgain?: boolean
  /** Sends the call (default: plain `send`); abort cells drive a signal. */
  act?(client: ClientSetup, send: (signal?: AbortSignalLike) => Promise<unknown>): Promise<unknown>
}

const expireThen = (arrange: (client: ClientSetup) => void) => (client: ClientSetup) => {
  client.server.expireAll()
  arrange(client)
}

const faults: Fault[] = [
  { name: 'login route down (connection reset)', expected: 'ERR_LOGIN', arrange: expireThen((c) => (c.server.loginFault = 'reset')) },
  { name: 'login slower than loginTimeout', expected: 'ERR_LOGIN', options: { loginTimeout: 300 }, arrange: expireThen((c) => (c.server.loginFault = 'slow')) },
  { name: 'login answers 500', expected: 'ERR_LOGIN', arrange: expireThen((c) => (c.server.loginFault = 'error500')) },
  { name: 'login answers a malformed body', expected: 'ERR_LOGIN', arrange: expireThen((c) => (c.server.loginFault = 'bad-body')) },
  { name: 'login answers 40029 (reused code)', expected: 'ERR_LOGIN', arrange: expireThen((c) => (c.server.loginFault = 'reused-code')) },
  { name: 'uni.login fails', expected: 'ERR_LOGIN', arrange: expireThen((c) => (c.uni.faults.loginFail = true)) },
  { name: 'uni.login never calls back', expected: 'ERR_LOGIN', options: { loginTimeout: 300 }, arrange: expireThen((c) => (c.uni.faults.loginHang = true)) },
  { name: 'token still expired after re-login', expected: 'ERR_RELOGIN_LOOP', arrange: expireThen((c) => (c.server.expireOnIssue = true)) },
  { name: '5xx on the call', expected: 'ERR_HTTP', arrange: (c) => void (c.server.routeFault = '500') },
  { name: 'HTML error page (502)', expected: 'ERR_HTTP', arrange: (c) => void (c.server.routeFault = 'html') },
  { name: 'connection reset mid-response', expected: 'ERR_NETWORK', arrange: (c) => void (c.server.routeFault = 'reset') },
  { name: 'timeout', expected: 'ERR_TIMEOUT', options: { timeout: 200 }, arrange: (c) => slowAll(c, 1_000) },
  { name: 'non-JSON 200 body', expected: 'resolved', arrange: (c) => void (c.server.routeFault = 'text') },
  { name: 'empty 200 body', expected: 'resolved', arrange: (c) => void (c.server.routeFault = 'empty') },
  { name: 'storage throws on read and write', expected: 'resolved', arrange: expireThen((c) => Object.assign(c.uni.faults, { storageRead: true, storageWrite: true })) },
  { name: 'one call interrupted (fail interrupted), sent again once', expected: 'resolved', sendsAgain: true, arrange: (c) => void (c.uni.faults.interruptNext = 1) },
  {
    name: 'app hidden mid-call and interrupted, then shown',
    expected: 'resolved',
    sendsAgain: true,
    arrange: (c) => slowAll(c, 300),
    act: async (c, send) => {
      const call = send()
      await c.server.whenSeen((s) => s.valid)
      c.uni.hide()
      c.uni.interrupt()
      await drain()
      c.uni.show()
      return call
    },
  },
  {
    name: 'token expired while hidden: the login waits for show',
    expected: 'resolved',
    arrange: expireThen((c) => c.uni.hide()),
    act: async (c, send) => {
      const call = send()
      await until(() => c.store.status === 'logging-in')
      await drain()
      c.uni.show()
      return call
    },
  },
  {
    name: 'offline, then back',
    expected: 'resolved',
    arrange: (c) => c.uni.setOnline(false),
    act: async (c, send) => {
      const call = send()
      await drain()
      c.uni.setOnline(true)
      return call
    },
  },
  { name: "offline with offlineWait('fail')", expected: 'ERR_OFFLINE', options: { features: [offlineWait('fail')] }, arrange: (c) => c.uni.setOnline(false) },
  { name: '5xx on the call, with retry(1)', expected: 'resolved', sendsAgain: true, options: { features: [retry(1)] }, arrange: (c) => void (c.server.routeFault = '500') },
  {
    name: 'abort while held by a login',
    expected: 'ERR_CANCELED',
    options: { loginTimeout: 500 },
    arrange: expireThen((c) => (c.server.loginFault = 'slow')),
    act: async (c, send) => {
      const controller = createAbortController()
      const call = send(controller.signal)
      await until(() => c.store.status === 'logging-in')
      controller.abort()
      return call
    },
  },
  {
    name: 'abort in flight',
    expected: 'ERR_CANCELED',
    arrange: (c) => slowAll(c, 2_000),
    act: async (c, send) => {
      const controller = createAbortController()
      const call = send(controller.signal)
      await c.server.whenSeen((s) => s.valid)
      controller.abort()
      return call
    },
  },
  {
    name: 'abort during replay',
    expected: 'ERR_CANCELED',
    arrange: expireThen((c) => slowAll(c, 300)),
    act: async (c, send) => {
      const controller = createAbortController()
      const call = send(controller.signal)
      // The first attempt bounces after 300 ms; abort once the replay is on its way.
      await c.server.whenSeen((s) => s.valid)
      controller.abort()
      return call
    },
  },
]

function slowAll(client: ClientSetup, ms: number) {
  for (const path of ['/echo/mutate', '/upload', '/files/a.bin']) client.server.delays.set(path, ms)
}

const file = join(mkdtempSync(join(tmpdir(), 'relogin-matrix-')), 'avatar.png')
writeFileSync(file, randomBytes(32 * 1024))

function sender(client: ClientSetup, kind: Kind, key: string) {
  return (signal?: AbortSignalLike) => {
    if (kind === 'request') return client.api.post('/echo/mutate', { n: 1 }, { signal, idempotencyKey: key })
    if (kind === 'upload') return client.api.upload('/upload', { filePath: file, name: 'file', signal, idempotencyKey: key })
    return client.api.download('/files/a.bin', { signal })
  }
}

function clearFaults(client: ClientSetup) {
  const { server, uni } = client
  Object.assign(server, { loginFault: null, routeFault: null, expireOnIssue: false })
  server.delays.clear()
  Object.assign(uni.faults, { loginFail: false, loginHang: false, storageRead: false, storageWrite: false, interruptNext: 0 })
  uni.show()
  uni.setOnline(true)
}

const cells: Cell[] = []

describe.each(faults)('$name', (fault) => {
  it.each(kinds)(`%s settles with ${fault.expected}, consistently and at most once`, async (kind) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    // No login cool-down: the matrix checks recovery the moment a fault is gone (budget.test.ts covers the cool-down).
    // An app in the field: the background and the network's features, unless the fault names its own.
    const client = await setupClient({ loginCooldown: 0, features: [backgroundResume(), offlineWait()], ...fault.options })
    try {
      client.server.addFile('a.bin', randomBytes(4096))
      await client.store.login()
      const loginsBefore = client.uni.calls.login
      await fault.arrange(client)
      const key = createIdempotencyKey()
      const send = sender(client, kind, key)

      const [result] = await settles([fault.act ? fault.act(client, send) : send()], 10_000)
      const outcome = result!.status === 'fulfilled' ? 'resolved' : isReloginError(result!.reason) ? result!.reason.code : String(result!.reason)
      const performed = client.server.performed.get(key) ?? 0
      const logins = client.uni.calls.login - loginsBefore

      expect(outcome).toBe(fault.expected)
      // A login the caller stopped waiting for may still be running; it must end, not linger.
      await until(() => client.store.status !== 'logging-in')
      if (client.store.status === 'authenticated') expect(client.store.token).toBeTruthy()
      expect(performed).toBeLessThanOrEqual(fault.sendsAgain ? 2 : 1)
      if (outcome === 'resolved' && kind !== 'download') expect(performed).toBeGreaterThanOrEqual(1)
      if (outcome === 'resolved' && kind !== 'download' && !fault.sendsAgain) expect(performed).toBe(1)
      expect(logins).toBeLessThanOrEqual(2)

      clearFaults(client)
      const [recovered] = await settles([sender(client, kind, createIdempotencyKey())()], 10_000)
      expect(recovered!.status).toBe('fulfilled')
      cells.push({ fault: fault.name, kind, outcome, logins, performed: kind === 'download' ? null : fault.sendsAgain ? 'resent' : performed, recovered: true })
    } finally {
      await client.server.close()
      vi.restoreAllMocks()
    }
  })
})

// Last in the file, so every cell above has run. `npm run reliability` writes the table; every other
// run only compares, so `npm test` leaves the checkout as it found it.
const table = fileURLToPath(new URL('../../docs/reliability.md', import.meta.url))
it('docs/reliability.md is the table of this run', () => {
  const text = formatReliabilityTable(cells, kinds)
  if (process.env.UPDATE_RELIABILITY) writeFileSync(table, text)
  expect(text, 'docs/reliability.md is out of date: run `npm run reliability`').toBe(readFileSync(table, 'utf8'))
})
