import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { repoRoot } from './buildSample'

const VITEST_ENV = /^(VITEST.*|TINYPOOL.*|TEST|NODE_ENV|SSR|MODE|DEV|PROD|BASE_URL)$/

export interface H5DevServer {
  url: string
  close(): Promise<void>
}

/**
 * The sample's H5 dev server, as `npm run dev:h5` starts it (the uni CLI, with vite.config.ts), on a
 * free port, passing the backend's routes on to `apiBase`. Resolves once the CLI says it is ready.
 */
export async function startH5DevServer(apiBase: string): Promise<H5DevServer> {
  const port = await freePort()
  // What vitest adds to process.env (VITEST, SSR=1, …) makes the dev server serve Vue's CJS build.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !VITEST_ENV.test(key)))
  const child = spawn(join(repoRoot, 'node_modules/.bin/uni'), ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: repoRoot,
    // CI=1: no update check posted to DCloud.
    env: { ...env, CI: '1', UNI_INPUT_DIR: repoRoot, VITE_API_BASE: apiBase },
  })
  let output = ''
  const exited = once(child, 'exit')
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk
      if (output.includes('ready in')) resolve()
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    exited.then(() => reject(new Error(`the H5 dev server exited:\n${output}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      if (child.exitCode === null) child.kill()
      await exited
    },
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}
