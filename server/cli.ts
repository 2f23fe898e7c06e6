import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createServer } from './createServer.js'

const USAGE = `Usage: npx tsx server/cli.ts [options]

  --port <n>         port to listen on, 0 for any free one   (env PORT, default 8787)
  --host <addr>      address to bind                          (env HOST, default 127.0.0.1)
  --token-ttl <s>    login token lifetime in seconds          (env TOKEN_TTL, default 30)
  --data-dir <dir>   database and uploads                     (env DATA_DIR, default .data/)
  --static <dir>     serve this directory at /, e.g. dist/build/h5   (env STATIC_DIR)
  --help

  WeChat: WX_APPID, WX_SECRET, WX_API_BASE (default: this server's fake at /fake-wx).
  NODE_ENV=production turns off the /admin and /dev routes.`

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'token-ttl': { type: 'string' },
    'data-dir': { type: 'string' },
    static: { type: 'string' },
    help: { type: 'boolean' },
  },
})

if (values.help) {
  console.log(USAGE)
  process.exit(0)
}

const env = process.env
const number = (flag: string, raw: string | undefined, fallback: number) => {
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value)) {
    console.error(`--${flag} must be a number, got "${raw}"\n\n${USAGE}`)
    process.exit(2)
  }
  return value
}

const staticDir = values.static ?? env.STATIC_DIR
if (staticDir !== undefined && !existsSync(staticDir)) {
  console.warn(`--static ${staticDir} does not exist (build it with "npm run build:h5"); serving the API only`)
}

const server = await createServer({
  port: number('port', values.port ?? env.PORT, 8787),
  host: values.host ?? env.HOST ?? '127.0.0.1',
  tokenTtlSeconds: number('token-ttl', values['token-ttl'] ?? env.TOKEN_TTL, 30),
  // Relative to the repo root, not the working directory, so any cwd finds the same data.
  dataDir: values['data-dir'] ?? env.DATA_DIR ?? fileURLToPath(new URL('../.data', import.meta.url)),
  staticDir,
  wxApiBase: env.WX_API_BASE || undefined,
  appid: env.WX_APPID || undefined,
  secret: env.WX_SECRET || undefined,
  logger: true,
})

console.log(`uni-relogin sample backend listening on ${server.url} (data in ${server.dataDir})`)

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
