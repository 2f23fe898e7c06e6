import { join } from 'node:path'

export interface ServerOptions {
  /** `0` picks a free port. @default 0 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** Holds the SQLite database. @default a fresh temporary directory, removed on close */
  dataDir?: string
  /**
   * Where everything is kept: a `postgres://…` URL (any number of instances may share it),
   * a SQLite file path, or `':memory:'`.
   * @default `<dataDir>/app.db`
   */
  store?: string
  /**
   * Development mode: mounts the fake WeChat at `/fake-wx`, `GET /dev/code` (logs anyone in as
   * any user), `/admin/*` (faults, stats, expiring every token, all without auth) and the public
   * `/uploads/:name`, and lets `appid`/`secret` default to the fake's.
   * @default false
   */
  dev?: boolean
  /** Lifetime of a login token. @default 30 */
  tokenTtlSeconds?: number
  /** Lifetime of a refresh token (each is single-use). @default 30 days */
  refreshTtlSeconds?: number
  /**
   * A spent refresh token presented again within this many seconds gets the same new pair (two H5
   * tabs refreshing at once, a retry whose answer was lost); later it revokes the family. 0 turns it off.
   * @default 10
   */
  refreshReuseSeconds?: number
  /** The absolute lifetime of a login's refresh-token family, however often it is refreshed. @default 90 days */
  sessionLifetimeSeconds?: number
  /** How long an `Idempotency-Key` and its stored response are kept. @default 24 hours */
  idempotencyTtlSeconds?: number
  /** How often expired sessions, refresh tokens and idempotency records are deleted (also once at startup); at most 2147483 (24.8 days). @default 600 */
  purgeIntervalSeconds?: number
  /** Login attempts allowed per client IP per minute. @default 60 */
  loginsPerIpPerMinute?: number
  /** Logins allowed per WeChat user (openid) per minute. @default 20 */
  loginsPerUserPerMinute?: number
  /** Refresh-token exchanges allowed per client IP per minute. @default 60 */
  refreshesPerIpPerMinute?: number
  /** `POST /register` calls allowed per user per minute. @default 10 */
  registersPerUserPerMinute?: number
  /** Uploads allowed per user per minute. @default 10 */
  uploadsPerUserPerMinute?: number
  /**
   * Behind a load balancer or reverse proxy: take the client IP (for the per-IP limits) from
   * `X-Forwarded-For`, trusting only this many proxy hops (`1`: the address your one proxy saw),
   * or only proxies at these addresses (`'10.0.0.0/8, 127.0.0.1'`). A hop count holds only when
   * no client can reach the server except through the proxy; the addresses hold either way.
   * Never "trust all": the left-most entry is whatever the client wrote.
   * @default false
   */
  trustProxy?: false | number | string
  /** Where code2session is sent. @default with `dev`, this server's own fake at `<url>/fake-wx`; else WeChat's */
  wxApiBase?: string
  /** Required unless `dev`. @default with `dev`, 'wx-dev-appid' */
  appid?: string
  /** Required unless `dev`; never echoed in a response or a log line. @default with `dev`, 'wx-dev-secret' */
  secret?: string
  /**
   * Origins (exactly, e.g. `'https://h5.example.com'`) whose pages may call this API from a browser.
   * Dev mode also allows any localhost origin (the H5 dev server).
   * @default []
   */
  corsOrigins?: string[]
  /** Served at `/` when it exists, e.g. the H5 build `dist/build/h5`. */
  staticDir?: string
  /** @default 2 * 1024 * 1024 */
  maxUploadBytes?: number
  /** The most bytes one user's stored uploads may take together. @default 20 * 1024 * 1024 */
  uploadQuotaBytes?: number
  /** How long an upload that no registration refers to is kept before it is purged. @default 1 day */
  uploadRetentionSeconds?: number
  /**
   * How long a client may take to send a whole request, headers and body; a socket that stalls
   * is closed after it. Still put a proxy that buffers bodies in front when facing the internet.
   * @default 30
   */
  requestTimeoutSeconds?: number
  /** Fastify logging; tokens, codes and secrets are redacted either way. @default false */
  logger?: boolean | { level?: string; stream?: { write(line: string): void } }
  /** The time in epoch ms, so tests can move it. @default Date.now */
  clock?: () => number
}

export type ResolvedOptions = Required<Omit<ServerOptions, 'wxApiBase' | 'staticDir' | 'trustProxy'>> & {
  wxApiBase: string | undefined
  staticDir: string | undefined
  /** Where uploads are served: the public `/uploads/` in dev, the owner-only `/files/` otherwise. */
  uploadPath: '/uploads/' | '/files/'
  /** As Fastify takes it. A hop count becomes a function, since Fastify 5 fails a bare number closed. */
  trustProxy: false | string | ((address: string, hop: number) => boolean)
}

const WECHAT_API = 'https://api.weixin.qq.com'
const MAX_TIMER_MS = 2 ** 31 - 1
const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|::1|localhost)$/

/**
 * Applies every default in one place. The caller settles `dataDir` first
 * (creating a temporary one takes I/O); with `dev`, `wxApiBase` stays undefined
 * until the server knows its own URL.
 */
export function resolveOptions(options: ServerOptions & { dataDir: string }): ResolvedOptions {
  const {
    port = 0,
    host = '127.0.0.1',
    dataDir,
    store,
    dev = false,
    tokenTtlSeconds = 30,
    refreshTtlSeconds = 30 * 24 * 3600,
    refreshReuseSeconds = 10,
    sessionLifetimeSeconds = 90 * 24 * 3600,
    idempotencyTtlSeconds = 24 * 3600,
    purgeIntervalSeconds = 600,
    loginsPerIpPerMinute = 60,
    loginsPerUserPerMinute = 20,
    refreshesPerIpPerMinute = 60,
    registersPerUserPerMinute = 10,
    uploadsPerUserPerMinute = 10,
    trustProxy = false,
    wxApiBase,
    appid = dev ? 'wx-dev-appid' : undefined,
    secret = dev ? 'wx-dev-secret' : undefined,
    staticDir,
    corsOrigins = [],
    maxUploadBytes = 2 * 1024 * 1024,
    uploadQuotaBytes = 20 * 1024 * 1024,
    uploadRetentionSeconds = 24 * 3600,
    requestTimeoutSeconds = 30,
    logger = false,
    clock = Date.now,
  } = options
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`[uni-relogin server] option "port" must be 0-65535, got ${port}`)
  if (!(refreshReuseSeconds >= 0)) throw new TypeError(`[uni-relogin server] option "refreshReuseSeconds" must be >= 0, got ${refreshReuseSeconds}`)
  const positive = { tokenTtlSeconds, refreshTtlSeconds, sessionLifetimeSeconds, idempotencyTtlSeconds, purgeIntervalSeconds, loginsPerIpPerMinute, loginsPerUserPerMinute, refreshesPerIpPerMinute, registersPerUserPerMinute, uploadsPerUserPerMinute, maxUploadBytes, uploadQuotaBytes, uploadRetentionSeconds, requestTimeoutSeconds }
  for (const [name, value] of Object.entries(positive)) {
    if (!(value > 0)) throw new TypeError(`[uni-relogin server] option "${name}" must be > 0, got ${value}`)
  }
  // Node timers treat anything above 2^31 - 1 ms as 1 ms: a long purge interval would purge in a busy loop.
  for (const [name, value] of Object.entries({ purgeIntervalSeconds, requestTimeoutSeconds })) {
    if (value * 1000 > MAX_TIMER_MS) throw new TypeError(`[uni-relogin server] option "${name}" must be at most ${Math.floor(MAX_TIMER_MS / 1000)} s, got ${value}`)
  }
  const trustHops = typeof trustProxy === 'number'
  if (trustProxy !== false && !(trustHops ? Number.isInteger(trustProxy) && trustProxy > 0 : typeof trustProxy === 'string' && trustProxy.trim() !== '')) {
    throw new TypeError(`[uni-relogin server] option "trustProxy" must be a hop count (e.g. 1) or the proxies' addresses (e.g. '10.0.0.0/8'), got ${String(trustProxy)}`)
  }
  if (dev) {
    const why = '[uni-relogin server] dev mode logs anyone in as anyone, so'
    if (process.env.NODE_ENV === 'production') throw new TypeError(`${why} it refuses to start with NODE_ENV=production`)
    if (!LOOPBACK.test(host)) throw new TypeError(`${why} it listens only on a loopback host (127.0.0.1, ::1, localhost), got ${host}`)
  }
  // Outside dev mode there is no fake to fall back on: a missing credential is a deployment mistake.
  if (!appid || !secret) {
    throw new TypeError('[uni-relogin server] WX_APPID and WX_SECRET are required (or run with --dev for the fake WeChat)')
  }
  return {
    port,
    host,
    dataDir,
    store: store ?? join(dataDir, 'app.db'),
    dev,
    ...positive,
    refreshReuseSeconds,
    uploadPath: dev ? '/uploads/' : '/files/',
    trustProxy: trustHops ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    wxApiBase: (wxApiBase ?? (dev ? undefined : WECHAT_API))?.replace(/\/+$/, ''),
    appid,
    secret,
    staticDir,
    corsOrigins,
    logger,
    clock,
  }
}
