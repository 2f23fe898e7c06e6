import { spawn } from 'node:child_process'

/**
 * Runs a bundled child with `node --expose-gc` (plus `nodeFlags`), relays its progress (stderr), and
 * parses the JSON line it prints on stdout. A child past `timeoutMs` is killed (by its own pid) and
 * reported as null.
 */
export function runChild<T>(file: string, args: string[], timeoutMs: number, nodeFlags: string[] = []): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      if (timedOut) return resolve(null)
      if (code !== 0) return reject(new Error(`${file} ${args.join(' ')} exited with ${code}`))
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as T)
    })
  })
}
