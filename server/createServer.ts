import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import multipart from '@fastify/multipart'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import { installAuth } from './auth.js'
import { code2session } from './code2session.js'
import type { AppContext } from './context.js'
import { mountFakeWechat } from './fakeWechat.js'
import { createBindings } from './bindings.js'
import { createFaults, installFaults, type Faults } from './faults.js'
import { installBodyLimits } from './installBodyLimits.js'
import { installCors } from './cors.js'
import { installInputGuards } from './installInputGuards.js'
import { installSecurityHeaders } from './installSecurityHeaders.js'
import { installIdempotency } from './idempotency.js'
import { loggerOptions } from './logger.js'
import { openStore } from './openStore.js'
import { createPhoneNumberLookup } from './phoneNumber.js'
import { resolveOptions, type ServerOptions } from './options.js'
import { sharedRateLimitStore } from './rateLimits.js'
import { Code, fail } from './result.js'
import { createStats, trackInFlight, type Stats } from './stats.js'
import type { Store } from './store.js'
import { adminRoutes } from './routes/admin.js'
import { devRoutes } from './routes/dev.js'
import { fileRoutes } from './routes/files.js'
import { bindRoutes } from './routes/bind.js'
import { loginRoutes } from './routes/login.js'
import { refreshRoutes } from './routes/refresh.js'
import { registerRoutes } from './routes/register.js'
import { uploadRoutes } from './routes/upload.js'

const JSON_BODY_LIMIT = 64 * 1024

export interface RunningServer {
  app: FastifyInstance
  /** e.g. `http://127.0.0.1:8787`, no trailing slash */
  url: string
  port: number
  /** Where the SQLite database lives (unless in memory or on PostgreSQL). */
  dataDir: string
  store: Store
  stats: Stats
  /** The same switches as `POST /admin/faults`, for in-process tests. */
  faults: Faults
  /** Stops listening, closes the store, and removes `dataDir` if it was a default temporary one. */
  close(): Promise<void>
}

/**
 * Starts the sample backend and resolves once it is listening.
 *
 * @example
 * const server = await createServer({ dev: true, dataDir: '/tmp/demo', tokenTtlSeconds: 5 })
 * const { code } = await (await fetch(`${server.url}/dev/code`)).json()
 * await server.close()
 */
export async function createServer(options: ServerOptions = {}): Promise<RunningServer> {
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'uni-relogin-server-')))
  await mkdir(dataDir, { recursive: true })
  const removeDataDir = () => (ownsDataDir ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve())
  let store: Store
  let resolved
  try {
    resolved = resolveOptions({ ...options, dataDir })
    store = await openStore(resolved.store)
  } catch (error) {
    await removeDataDir()
    throw error
  }
  const { clock } = resolved
  const stats = createStats()
  const faults = createFaults()
  const timeoutMs = resolved.requestTimeoutSeconds * 1000
  const app = Fastify({
    logger: loggerOptions(resolved.logger),
    trustProxy: resolved.trustProxy,
    // A client that sends its headers or body slowly (or never) holds a socket only this long.
    requestTimeout: timeoutMs,
    connectionTimeout: timeoutMs,
    // The largest JSON body a route takes is a registration form.
    bodyLimit: JSON_BODY_LIMIT,
    // Node checks requestTimeout and headersTimeout only every connectionsCheckingInterval (default 30 s).
    http: { headersTimeout: Math.min(10_000, timeoutMs), connectionsCheckingInterval: Math.min(1000, timeoutMs) },
  })

  // Hook order matters: in-flight counting sees the added latency, and the
  // idempotency onSend stores a response before the fault hook may drop it.
  installSecurityHeaders(app)
  installBodyLimits(app)
  installInputGuards(app)
  installCors(app, { origins: resolved.corsOrigins, dev: resolved.dev })
  trackInFlight(app, stats)
  installAuth(app, store, stats, clock)
  installIdempotency(app, { store, stats, ttlMs: resolved.idempotencyTtlSeconds * 1000, clock })
  installFaults(app, faults)
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(store, clock) })
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: resolved.maxUploadBytes, files: 3, fields: 10, fieldSize: 1024, parts: 20 },
  })

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed')
      return reply.code(500).send(fail(Code.internal, 'internal error'))
    }
    // The rate limiter's own message, with its Retry-After header already set.
    if (status === 429) return reply.code(429).send(fail(Code.tooManyRequests, error.message))
    if (status === 413) return reply.code(413).send(fail(Code.tooLarge, 'request body is too large'))
    // Fastify's own message may quote the body (a malformed JSON login body holds a code), so it is not echoed.
    request.log.info({ errorCode: error.code }, 'malformed request')
    return reply.code(status).send(fail(Code.invalidInput, 'malformed request'))
  })
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(fail(Code.notFound, 'not found')))

  // With the fake, known only once listening: it points at this server's own /fake-wx.
  let wxApiBase = resolved.wxApiBase
  const ctx: AppContext = {
    options: resolved,
    store,
    stats,
    faults,
    bindings: createBindings(),
    fakeWechat: resolved.dev ? mountFakeWechat(app, { appid: resolved.appid, secret: resolved.secret }) : undefined,
    exchange: (code) => code2session({ apiBase: wxApiBase!, appid: resolved.appid, secret: resolved.secret }, code),
    phoneNumber: createPhoneNumberLookup({ apiBase: () => wxApiBase!, appid: resolved.appid, secret: resolved.secret }),
  }
  loginRoutes(app, ctx)
  refreshRoutes(app, ctx)
  bindRoutes(app, ctx)
  registerRoutes(app, ctx)
  uploadRoutes(app, ctx)
  fileRoutes(app, ctx)
  if (ctx.fakeWechat) {
    adminRoutes(app, ctx)
    devRoutes(app, ctx.fakeWechat)
  }
  if (resolved.staticDir !== undefined && (await isDirectory(resolved.staticDir))) {
    // `.env`, `.git` and the like beside a build are never served (the default serves them).
    await app.register(fastifyStatic, { root: resolve(resolved.staticDir), prefix: '/', dotfiles: 'ignore' })
  }

  // At startup and then on a timer; with many instances each purges, which is harmless (deletes are idempotent).
  const purge = () =>
    store.purgeExpired(clock(), clock() - resolved.uploadRetentionSeconds * 1000).catch((error: unknown) => app.log.error({ err: error }, 'purging expired records failed'))
  await purge()
  const purgeTimer = setInterval(purge, resolved.purgeIntervalSeconds * 1000).unref()

  try {
    await app.listen({ port: resolved.port, host: resolved.host })
  } catch (error) {
    clearInterval(purgeTimer)
    await store.close()
    await removeDataDir()
    throw error
  }
  const { port } = app.server.address() as { port: number }
  const url = `http://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`
  wxApiBase ??= `${url}/fake-wx`

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      clearInterval(purgeTimer)
      // app.close() reaps only the connections idle at that moment; one that was still
      // answering would then hold it open for the whole keep-alive timeout (72 s).
      const reaper = setInterval(() => app.server.closeIdleConnections(), 25)
      try {
        await app.close()
      } finally {
        clearInterval(reaper)
      }
      await store.close()
      await removeDataDir()
    })())

  return { app, url, port, dataDir, store, stats, faults, close }
}

const isDirectory = (path: string) => stat(path).then((s) => s.isDirectory(), () => false)
