import { createHash, randomBytes } from 'node:crypto'
import Fastify from 'fastify'
import multipart from '@fastify/multipart'

/**
 * A small real API for the package's integration tests (127.0.0.1, random port), with its knobs and
 * observations in-process. It speaks both expiry protocols: HTTP 401, and the seed's HTTP 200 with
 * `{ code: '001101' }`.
 */
export interface ApiServerOptions {
  /** How an expired token is answered. @default '401' */
  expiry?: '401' | 'seed'
  /** Token lifetime reported to the client, seconds. */
  expiresIn?: number
}

export type LoginFault = 'error500' | 'bad-body' | 'reset' | 'slow' | 'reused-code' | null

/** One-shot faults for the next authenticated request that passes auth; the action runs first. */
export type RouteFault = '500' | 'html' | 'empty' | 'text' | 'reset' | null

export interface SeenRequest {
  method: string
  path: string
  token: string | null
  valid: boolean
  idempotencyKey: string | null
  at: number
}

export async function startApiServer({ expiry = '401', expiresIn }: ApiServerOptions = {}) {
  const codes = new Set<string>()
  const valid = new Set<string>()
  const files = new Map<string, Buffer>()
  const waiters = new Set<{ test: (request: SeenRequest) => boolean; resolve: (request: SeenRequest) => void }>()
  const arrivalWaiters = new Set<{ path: string; count: number; resolve: () => void }>()
  const notifyArrival = () => {
    for (const waiter of arrivalWaiters) {
      if (state.arrivals.filter((path) => path === waiter.path).length < waiter.count) continue
      arrivalWaiters.delete(waiter)
      waiter.resolve()
    }
  }
  const state = {
    url: '',
    /** Successful code → token exchanges. */
    exchanges: 0,
    /** Successful refresh-token → token exchanges. */
    refreshes: 0,
    /** Every request to an authenticated route, with the token it carried. */
    seen: [] as SeenRequest[],
    loginFault: null as LoginFault,
    /** The next N logins answer 500. */
    failNextLogins: 0,
    routeFault: null as RouteFault,
    /** How many times each idempotency key's action actually ran (echo mutations and uploads). */
    performed: new Map<string, number>(),
    /** Tokens stop being valid the moment they are issued (the "still expired after re-login" backend). */
    expireOnIssue: false,
    /** Per-path delay in ms before an authenticated route answers. */
    delays: new Map<string, number>(),
    /** The path of every request, in arrival order. */
    arrivals: [] as string[],
    inFlight: 0,
    maxInFlight: 0,
    /** Bytes of every upload, by sha256. */
    uploads: new Map<string, Buffer>(),
    expireAll: () => valid.clear(),
    /** Whether the server would accept `token` now (for a second service that shares its tokens). */
    isValid: (token: string) => valid.has(token),
    revokeRefreshTokens: () => {},
    issueToken(): string {
      const token = randomBytes(12).toString('base64url')
      if (!state.expireOnIssue) valid.add(token)
      return token
    },
    addFile(name: string, bytes: Buffer) {
      files.set(name, bytes)
    },
    /**
     * Resolves once an authenticated request matching `test` has reached the server (at once if one
     * already has): how a test knows a request is in flight, rather than guessing with a sleep.
     */
    whenSeen(test: (request: SeenRequest) => boolean): Promise<SeenRequest> {
      const hit = state.seen.find(test)
      return hit ? Promise.resolve(hit) : new Promise((resolve) => waiters.add({ test, resolve }))
    },
    /** Resolves once `count` requests for `path` (any route) have arrived. */
    whenArrived(path: string, count = 1): Promise<void> {
      const arrived = new Promise<void>((resolve) => arrivalWaiters.add({ path, count, resolve }))
      notifyArrival()
      return arrived
    },
    close: () => app.close(),
  }

  // forceCloseConnections: a test may end while a deliberately slow login is still open.
  const app = Fastify({ forceCloseConnections: true })
  await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024 } })

  app.addHook('onRequest', async (request) => {
    state.arrivals.push(request.url.split('?')[0]!)
    notifyArrival()
  })

  app.get('/dev/code', async () => {
    const code = randomBytes(8).toString('hex')
    codes.add(code)
    return { code }
  })

  app.post('/login', async (request, reply) => {
    const fault = state.failNextLogins > 0 ? (state.failNextLogins--, 'error500') : state.loginFault
    if (fault === 'error500') return reply.code(500).send({ message: 'login exploded' })
    if (fault === 'bad-body') return reply.type('text/html').send('<html>gateway</html>')
    if (fault === 'reset') return request.raw.socket.destroy()
    if (fault === 'slow') await sleep(60_000)
    await sleep(state.delays.get('/login') ?? 0)
    const { code } = (request.body ?? {}) as { code?: string }
    if (fault === 'reused-code') codes.delete(code!)
    if (!code || !codes.delete(code)) return reply.code(400).send({ message: 'invalid code' })
    state.exchanges++
    return { token: state.issueToken(), expiresIn, refreshToken: issueRefreshToken() }
  })

  // Refresh tokens are one-time: each use hands out the next.
  const refreshTokens = new Set<string>()
  const issueRefreshToken = () => {
    const refreshToken = randomBytes(12).toString('base64url')
    refreshTokens.add(refreshToken)
    return refreshToken
  }
  app.post('/refresh', async (request, reply) => {
    const { refreshToken } = (request.body ?? {}) as { refreshToken?: string }
    if (!refreshToken || !refreshTokens.delete(refreshToken)) return reply.code(401).send({ message: 'refresh token refused' })
    state.refreshes++
    return { token: state.issueToken(), expiresIn, refreshToken: issueRefreshToken() }
  })
  state.revokeRefreshTokens = () => refreshTokens.clear()

  // Every other route is authenticated: record what it carried, answer an expiry the chosen way.
  app.addHook('preHandler', async (request, reply) => {
    const path = request.url.split('?')[0]!
    if (path === '/dev/code' || path === '/login' || path === '/refresh' || path.startsWith('/public')) return
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null
    const ok = token !== null && valid.has(token)
    const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null
    const seen: SeenRequest = { method: request.method, path, token, valid: ok, idempotencyKey, at: Date.now() }
    state.seen.push(seen)
    for (const waiter of waiters) {
      if (!waiter.test(seen)) continue
      waiters.delete(waiter)
      waiter.resolve(seen)
    }
    state.inFlight++
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
    reply.raw.once('close', () => state.inFlight--)
    await sleep(state.delays.get(path) ?? Number((request.query as { delay?: string }).delay ?? 0))
    if (ok) return
    // Names the rejected token without revealing it, so tests can tell which token bounced.
    reply.header('x-token-id', tokenId(token))
    if (expiry === 'seed' && !path.startsWith('/files')) return reply.send({ code: '001101', message: 'token expired' })
    return reply.code(401).send({ message: 'token expired' })
  })

  const perform = (request: { headers: Record<string, unknown> }) => {
    const key = request.headers['idempotency-key'] as string | undefined
    if (key) state.performed.set(key, (state.performed.get(key) ?? 0) + 1)
  }

  app.addHook('onSend', async (request, reply, payload) => {
    const fault = state.routeFault
    if (!fault || reply.statusCode !== 200 || !request.headers.authorization) return payload
    const path = request.url.split('?')[0]!
    if (path === '/login' || path.startsWith('/public')) return payload
    state.routeFault = null
    if (fault === 'reset') {
      request.raw.socket.destroy()
      return payload
    }
    if (fault === '500') return reply.code(500).type('application/json').serialize({ message: 'boom' })
    if (fault === 'html') {
      reply.code(502).type('text/html')
      return '<html><body>Bad gateway</body></html>'
    }
    reply.type('text/plain')
    return fault === 'empty' ? '' : 'plain words'
  })

  app.all('/echo/*', async (request) => (perform(request), {
    method: request.method,
    path: request.url.split('?')[0],
    query: request.query,
    body: request.body ?? null,
    idempotencyKey: request.headers['idempotency-key'] ?? null,
  }))
  app.all('/public/echo', async (request) => ({ authorization: request.headers.authorization ?? null }))
  app.get('/public/slow', async () => sleep(state.delays.get('/public/slow') ?? 0).then(() => ({ ok: true })))
  app.get('/status/:code', async (request, reply) => {
    const status = Number((request.params as { code: string }).code)
    return reply.code(status).send({ status })
  })
  // Fails the first `fail` calls for a key with `status` (and `Retry-After` when given), then answers.
  const flakyCalls = new Map<string, number>()
  app.all('/flaky/:key', async (request, reply) => {
    const { key } = request.params as { key: string }
    const { fail = '0', status = '503', retryAfter } = request.query as Record<string, string | undefined>
    const calls = (flakyCalls.get(key) ?? 0) + 1
    flakyCalls.set(key, calls)
    if (calls <= Number(fail)) {
      if (retryAfter !== undefined) reply.header('retry-after', retryAfter)
      return reply.code(Number(status)).send({ status: Number(status) })
    }
    perform(request)
    return { key, calls }
  })
  app.get('/reset', async (request) => request.raw.socket.destroy())
  app.get('/text', async (_request, reply) => reply.type('text/plain').send('plain words'))

  app.post('/upload', async (request) => {
    const file = await request.file()
    if (!file) return { code: 'NO_FILE' }
    const bytes = await file.toBuffer()
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    state.uploads.set(sha256, bytes)
    perform(request)
    return { code: '000000', sha256, size: bytes.length, fields: Object.keys(file.fields) }
  })

  app.get('/files/:name', async (request, reply) => {
    const bytes = files.get((request.params as { name: string }).name)
    return bytes ? reply.type('application/octet-stream').send(bytes) : reply.code(404).send()
  })

  state.url = await app.listen({ host: '127.0.0.1', port: 0 })
  return state
}

export type ApiServer = Awaited<ReturnType<typeof startApiServer>>

export const tokenId = (token: string | null) => (token ? createHash('sha256').update(token).digest('hex').slice(0, 12) : 'none')

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
