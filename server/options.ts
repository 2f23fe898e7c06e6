import { join } from 'node:path'

export interface ServerOptions {
  /** `0` picks a free port. @default 0 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** Holds the database and `uploads/`. @default a fresh temporary directory, removed on close */
  dataDir?: string
  /** A path, or `':memory:'`. @default `<dataDir>/app.db` */
  dbFile?: string
  /** Lifetime of a login token. @default 30 */
  tokenTtlSeconds?: number
  /** Where code2session is sent. @default this server's own fake at `<url>/fake-wx` */
  wxApiBase?: string
  /** @default 'wx-dev-appid' */
  appid?: string
  /** Never echoed in a response or a log line. @default 'wx-dev-secret' */
  secret?: string
  /** Served at `/` when it exists, e.g. the H5 build `dist/build/h5`. */
  staticDir?: string
  /** @default 2 * 1024 * 1024 */
  maxUploadBytes?: number
  /** `/admin/*` and `/dev/*` routes. @default true unless NODE_ENV is 'production' */
  admin?: boolean
  /** Fastify logging; tokens, codes and secrets are redacted either way. @default false */
  logger?: boolean | { level?: string; stream?: { write(line: string): void } }
}

export type ResolvedOptions = Required<Omit<ServerOptions, 'wxApiBase' | 'staticDir'>> & {
  wxApiBase: string | undefined
  staticDir: string | undefined
}

/**
 * Applies every default in one place. The caller settles `dataDir` first
 * (creating a temporary one takes I/O); `wxApiBase` stays undefined until the
 * server knows its own URL.
 */
export function resolveOptions(options: ServerOptions & { dataDir: string }): ResolvedOptions {
  const {
    port = 0,
    host = '127.0.0.1',
    dataDir,
    dbFile,
    tokenTtlSeconds = 30,
    wxApiBase,
    appid = 'wx-dev-appid',
    secret = 'wx-dev-secret',
    staticDir,
    maxUploadBytes = 2 * 1024 * 1024,
    admin = process.env.NODE_ENV !== 'production',
    logger = false,
  } = options
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`[uni-relogin server] option "port" must be 0-65535, got ${port}`)
  if (!(tokenTtlSeconds > 0)) throw new TypeError(`[uni-relogin server] option "tokenTtlSeconds" must be > 0, got ${tokenTtlSeconds}`)
  if (!(maxUploadBytes > 0)) throw new TypeError(`[uni-relogin server] option "maxUploadBytes" must be > 0, got ${maxUploadBytes}`)
  return {
    port,
    host,
    dataDir,
    dbFile: dbFile ?? join(dataDir, 'app.db'),
    tokenTtlSeconds,
    wxApiBase: wxApiBase?.replace(/\/+$/, ''),
    appid,
    secret,
    staticDir,
    maxUploadBytes,
    admin,
    logger,
  }
}
