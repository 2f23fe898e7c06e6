import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { repoRoot } from '../support/buildSample'
import type { Commands, Reply, Request, SessionConfig } from './protocol'

const childFile = fileURLToPath(new URL('./harness/child.ts', import.meta.url))

type Remote<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never }

export type Session = Remote<Commands> & {
  /** The child's stdout and stderr so far: the app's console output and any crash. */
  readonly output: string
  close(): Promise<void>
}

/**
 * Starts the compiled app in a child process (harness/child.ts) and returns a handle whose methods
 * run there. A crash in the child rejects every pending and later call with the child's error.
 */
export function openSession(config: SessionConfig, bootTimeoutMs = 30_000): Promise<Session> {
  const child = fork(childFile, [JSON.stringify(config)], {
    cwd: repoRoot, // where `--import tsx` resolves from
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))

  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let nextId = 1
  let failure: Error | undefined
  const failAll = (error: Error) => {
    failure ??= error
    for (const { reject } of pending.values()) reject(failure)
    pending.clear()
  }

  return new Promise<Session>((resolveSession, rejectSession) => {
    const timer = setTimeout(() => {
      rejectSession(new Error(`the app did not boot within ${bootTimeoutMs} ms\n${output}`))
      child.kill()
    }, bootTimeoutMs)
    child.on('exit', (code, signal) => {
      const error = failure ?? new Error(`the app's process exited (${signal ?? code})\n${output}`)
      failAll(error)
      clearTimeout(timer)
      rejectSession(error)
    })
    child.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        clearTimeout(timer)
        resolveSession(session)
      } else if ('crashed' in reply) {
        failAll(new Error(`the app crashed: ${reply.crashed}`))
      } else {
        const waiter = pending.get(reply.id)
        pending.delete(reply.id)
        if (reply.ok) waiter?.resolve(reply.value)
        else waiter?.reject(new Error(reply.error))
      }
    })

    const call = (command: keyof Commands) => (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure)
        const id = nextId++
        pending.set(id, { resolve, reject })
        child.send({ id, command, args } satisfies Request)
      })
    const close = () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill()
      })
    const session = new Proxy({} as Session, {
      get: (_target, name) => (name === 'close' ? close : name === 'output' ? output : name === 'then' ? undefined : call(name as keyof Commands)),
    })
  })
}
