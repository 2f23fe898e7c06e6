import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface Instance {
  url: string
  stop(): Promise<void>
}

/**
 * One backend as `npm run server` starts it, in a process of its own (as each instance behind a
 * load balancer would be), in dev mode for `/dev/code` and `/admin/stats`, with rate limits
 * raised past the load unless `limits` sets one (flag name without `--`), and logging at `warn` (a log line per request would be measured instead).
 */
export async function startInstance(store: string, limits: Record<string, number> = {}): Promise<Instance> {
  const raised = { 'logins-per-ip': 1e6, 'logins-per-user': 1e6, 'refreshes-per-ip': 1e6, 'registers-per-user': 1e6, 'uploads-per-user': 1e6, ...limits }
  const args = ['--dev', '--port', '0', '--store', store, '--token-ttl', '3600', '--log-level', 'warn', ...Object.entries(raised).flatMap(([flag, n]) => [`--${flag}`, String(n)])]
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`backend exited with ${code}: ${output}`)))
  })
  return {
    url,
    async stop() {
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}
