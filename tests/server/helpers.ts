import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterEach, inject } from 'vitest'
import { createServer, type RunningServer } from '../../server/createServer'
import type { ServerOptions } from '../../server/options'
import { makePng as squarePng } from '../support/png'

export interface Envelope<T = any> {
  code: string
  message?: string
  data?: T
  fields?: Record<string, string>
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A fresh, empty data dir, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'uni-relogin-server-test-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Starts a real server in dev mode on a random port; it is closed after the test (closing twice is fine). */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await createServer({ dev: true, dataDir: await tempDir(), ...options })
  cleanups.push(() => server.close())
  return server
}

export type StoreKind = 'sqlite' | 'postgres'
export const STORE_KINDS: StoreKind[] = ['sqlite', 'postgres']

/** The `store` option for a fresh, empty store of that kind: SQLite in the data dir, or a new PostgreSQL database dropped after the test. */
export async function freshStore(kind: StoreKind): Promise<string | undefined> {
  if (kind === 'sqlite') return undefined
  const admin = inject('postgresUrl')
  const name = `test_${randomBytes(6).toString('hex')}`
  await withClient(admin, (client) => client.query(`CREATE DATABASE ${name}`))
  cleanups.push(() => withClient(admin, (client) => client.query(`DROP DATABASE ${name} WITH (FORCE)`)))
  return admin.replace(/\/postgres$/, `/${name}`)
}

async function withClient(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client(url)
  await client.connect()
  try {
    await work(client)
  } finally {
    await client.end()
  }
}

export async function getJson<T = any>(url: string, token?: string): Promise<Envelope<T>> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  return (await response.json()) as Envelope<T>
}

export async function postJson<T = any>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Envelope<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return (await response.json()) as Envelope<T>
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

export async function devCode(server: RunningServer, openid?: string): Promise<string> {
  const query = openid === undefined ? '' : `?openid=${encodeURIComponent(openid)}`
  const { code } = (await (await fetch(`${server.url}/dev/code${query}`)).json()) as { code: string }
  return code
}

export interface Login {
  token: string
  userId: string
  expiresIn: number
  refreshToken: string
}

export async function login(server: RunningServer, openid?: string): Promise<Login> {
  const result = await postJson<Login>(`${server.url}/v1/cif/loginByCode.do`, { code: await devCode(server, openid) })
  if (result.code !== '000000') throw new Error(`login failed: ${JSON.stringify(result)}`)
  return result.data!
}

export async function upload(
  server: RunningServer,
  token: string | undefined,
  bytes: Uint8Array,
  { field = 'file', filename = 'avatar.png', type = 'image/png' } = {},
): Promise<Envelope<{ url: string; size: number; sha256: string }>> {
  const form = new FormData()
  form.append('purpose', 'avatar')
  form.append(field, new Blob([bytes], { type }), filename)
  const response = await fetch(`${server.url}/upload`, {
    method: 'POST',
    headers: token ? bearer(token) : {},
    body: form,
  })
  return (await response.json()) as Envelope
}

/** A real PNG whose bytes differ by `width` and `seed`, so each test knows exactly what the server must hold. */
export const makePng = (width = 2, seed = 0): Buffer => squarePng([seed & 0xff, seed & 0xff, seed & 0xff], width)

/** Rejects if `promise` takes longer than `ms`, so a hang fails fast instead of at the hook timeout. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout>
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** `POST /register` with an optional `Idempotency-Key`, and what a test checks of the answer. */
export async function register(server: RunningServer, token: string, key: string | undefined, body: object) {
  const response = await fetch(`${server.url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token), ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  })
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Envelope,
  }
}

/** A logged-in user with an uploaded avatar, and a valid registration form for them. */
export async function registeredUser(server: RunningServer, openid: string) {
  const { token } = await login(server, openid)
  const { data } = await upload(server, token, makePng())
  return { token, valid: { nickname: openid, phone: '13700137000', avatarUrl: data!.url, agree: true } }
}

/**
 * Counts how often the register action really runs on these servers (summed), and can hold it
 * mid-action: set `hold` to a promise, and `entered` to learn when an action is inside.
 */
export function instrumentRegister(...servers: RunningServer[]) {
  const counter = { runs: 0, hold: undefined as Promise<void> | undefined, entered: () => {} }
  for (const server of servers) {
    const original = server.store.registerOnce.bind(server.store)
    server.store.registerOnce = async (...args) => {
      counter.runs++
      counter.entered()
      if (counter.hold) await counter.hold
      return original(...args)
    }
  }
  return counter
}
