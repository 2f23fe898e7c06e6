import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createServer } from './createServer.js'
import type { ServerOptions } from './options.js'

const USAGE = `Usage: npm run server -- [options]

  --dev                   development mode: the fake WeChat at /fake-wx, GET /dev/code (logs
                          anyone in as anyone), /admin/* with no auth, and public /uploads/:name.
                          Never on a server others can reach.                          (env DEV=1)
  --port <n>              port to listen on, 0 for any free one         (env PORT, default 8787)
  --host <addr>           address to bind                               (env HOST, default 127.0.0.1)
  --store <where>         postgres://user:pass@host/db to share one database between instances,
                          or a SQLite file                              (env DATABASE_URL, default <data-dir>/app.db)
  --data-dir <dir>        where the default SQLite file lives           (env DATA_DIR, default .data/)
  --token-ttl <s>         login token lifetime in seconds               (env TOKEN_TTL, default 30)
  --refresh-ttl <s>       refresh token lifetime in seconds             (env REFRESH_TTL, default 2592000, 30 days)
  --idempotency-ttl <s>   how long Idempotency-Key answers are kept     (env IDEMPOTENCY_TTL, default 86400)
  --purge-interval <s>    how often expired records are deleted         (env PURGE_INTERVAL, default 600)
  --request-timeout <s>   how long a client may take to send a request  (env REQUEST_TIMEOUT, default 30)
  --refresh-reuse <s>     a spent refresh token presented again within this gets the same new
                          pair; later it revokes the family. 0 turns it off (env REFRESH_REUSE, default 10)
  --session-lifetime <s>  absolute lifetime of a login, however often refreshed
                                                                        (env SESSION_LIFETIME, default 7776000, 90 days)
  --logins-per-ip <n>     login attempts per client IP per minute       (env LOGINS_PER_IP, default 60)
  --logins-per-user <n>   logins per WeChat user per minute             (env LOGINS_PER_USER, default 20)
  --refreshes-per-ip <n>  refreshes per client IP per minute            (env REFRESHES_PER_IP, default 60)
  --registers-per-user <n> POST /register per user per minute           (env REGISTERS_PER_USER, default 10)
  --uploads-per-user <n>  uploads per user per minute                   (env UPLOADS_PER_USER, default 10)
  --upload-quota <bytes>  the most one user's uploads may take together (env UPLOAD_QUOTA, default 20971520, 20 MiB)
  --upload-retention <s>  how long an upload no registration uses is kept (env UPLOAD_RETENTION, default 86400)
  --trust-proxy <n|addrs> behind a load balancer: client IPs from X-Forwarded-For, trusting n
                          proxy hops, or the proxies at these addresses (10.0.0.0/8,…)  (env TRUST_PROXY)
  --static <dir>          serve this directory at /, e.g. dist/build/h5 (env STATIC_DIR)
  --cors-origins <list>   origins whose pages may call the API, comma-separated (env CORS_ORIGINS;
                          dev mode also allows localhost)
  --log-level <level>     trace, debug, info, warn, error or silent     (env LOG_LEVEL, default info)
  --help

  WeChat: WX_APPID and WX_SECRET are required without --dev; WX_API_BASE
  (default https://api.weixin.qq.com, or this server's fake with --dev).`

/** Each numeric flag, its environment variable, and the option it sets. */
const NUMBER_FLAGS = {
  'token-ttl': ['TOKEN_TTL', 'tokenTtlSeconds'],
  'refresh-ttl': ['REFRESH_TTL', 'refreshTtlSeconds'],
  'refresh-reuse': ['REFRESH_REUSE', 'refreshReuseSeconds'],
  'session-lifetime': ['SESSION_LIFETIME', 'sessionLifetimeSeconds'],
  'idempotency-ttl': ['IDEMPOTENCY_TTL', 'idempotencyTtlSeconds'],
  'purge-interval': ['PURGE_INTERVAL', 'purgeIntervalSeconds'],
  'request-timeout': ['REQUEST_TIMEOUT', 'requestTimeoutSeconds'],
  'logins-per-ip': ['LOGINS_PER_IP', 'loginsPerIpPerMinute'],
  'logins-per-user': ['LOGINS_PER_USER', 'loginsPerUserPerMinute'],
  'refreshes-per-ip': ['REFRESHES_PER_IP', 'refreshesPerIpPerMinute'],
  'registers-per-user': ['REGISTERS_PER_USER', 'registersPerUserPerMinute'],
  'uploads-per-user': ['UPLOADS_PER_USER', 'uploadsPerUserPerMinute'],
  'upload-quota': ['UPLOAD_QUOTA', 'uploadQuotaBytes'],
  'upload-retention': ['UPLOAD_RETENTION', 'uploadRetentionSeconds'],
} as const satisfies Record<string, readonly [string, keyof ServerOptions]>

const { values } = parseArgs({
  options: {
    dev: { type: 'boolean' },
    port: { type: 'string' },
    host: { type: 'string' },
    store: { type: 'string' },
    'data-dir': { type: 'string' },
    ...Object.fromEntries(Object.keys(NUMBER_FLAGS).map((flag) => [flag, { type: 'string' } as const])),
    'trust-proxy': { type: 'string' },
    static: { type: 'string' },
    'cors-origins': { type: 'string' },
    'log-level': { type: 'string' },
    help: { type: 'boolean' },
  },
})

if (values.help) {
  console.log(USAGE)
  process.exit(0)
}

const env = process.env
const refuse = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`)
  process.exit(2)
}
const number = (flag: string, envName: string) => {
  const raw = (values as Record<string, string | boolean | undefined>)[flag] ?? env[envName]
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  return Number.isFinite(value) ? value : refuse(`--${flag} must be a number, got "${raw}"`)
}
const numberOptions = Object.fromEntries(Object.entries(NUMBER_FLAGS).map(([flag, [envName, option]]) => [option, number(flag, envName)]))

// A number is a hop count; anything else is a list of the proxies' addresses.
const trustProxy = (raw: string | undefined) => (raw === undefined || raw === '' ? false : /^\d+$/.test(raw) ? Number(raw) : raw)

const dev = values.dev === true || env.DEV === '1'
// A real secret means a real deployment; dev mode would hand it a login for anyone.
if (dev && env.WX_SECRET) refuse('dev mode refuses to start with WX_SECRET set: it uses the fake WeChat and logs anyone in as anyone. Unset WX_SECRET, or drop --dev / DEV=1.')
const staticDir = values.static ?? env.STATIC_DIR
if (staticDir !== undefined && !existsSync(staticDir)) {
  console.warn(`--static ${staticDir} does not exist (build it with "npm run build:h5"); serving the API only`)
}

const server = await createServer({
  dev,
  port: number('port', 'PORT') ?? 8787,
  host: values.host ?? env.HOST ?? '127.0.0.1',
  store: values.store ?? (env.DATABASE_URL || undefined),
  // Relative to the repo root, not the working directory, so any cwd finds the same data.
  dataDir: values['data-dir'] ?? env.DATA_DIR ?? fileURLToPath(new URL('../.data', import.meta.url)),
  ...numberOptions,
  trustProxy: trustProxy(values['trust-proxy'] ?? env.TRUST_PROXY),
  staticDir,
  corsOrigins: (values['cors-origins'] ?? env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
  wxApiBase: env.WX_API_BASE || undefined,
  appid: env.WX_APPID || undefined,
  secret: env.WX_SECRET || undefined,
  logger: { level: values['log-level'] ?? env.LOG_LEVEL ?? 'info' },
}).catch((error: unknown) => (error instanceof TypeError ? refuse(error.message) : Promise.reject(error)))

const where = /^postgres/.test(values.store ?? env.DATABASE_URL ?? '') ? 'data in PostgreSQL' : `data in ${server.dataDir}`
if (dev) console.log('DEV MODE: fake WeChat, /dev/code and /admin/* are on, with no auth. Never expose this server.')
console.log(`uni-relogin sample backend listening on ${server.url} (${where})`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  })
}
