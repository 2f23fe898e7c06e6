import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Command } from './main'
import type { BenchServer } from './startBenchServer'

export type ServerStats = BenchServer['stats']

/** A fresh server for one run, driven from the client's process. */
export interface RemoteServer {
  url: string
  expireAll(): Promise<void>
  setLoginFails(fails: boolean): Promise<void>
  /** Resolves once `count` requests to `/api/hold/:i` are waiting at the server. */
  whenHeld(count: number): Promise<void>
  /** Answers the held requests now. */
  release(): Promise<void>
  resetStats(): Promise<void>
  stats(): Promise<ServerStats>
  /** Drops every open connection: whatever a dead run still has in flight fails at once. */
  close(): Promise<void>
}

/**
 * Forks the server process (the bundled `server.mjs` next to this bundle) once; `start()` then
 * opens a fresh listener per run. Commands are IPC round trips, well under a millisecond.
 */
export function connectBenchServer() {
  const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  const waiting = new Map<number, (result: unknown) => void>()
  let seq = 0
  child.on('message', ({ id, result }: { id: number; result: unknown }) => {
    waiting.get(id)?.(result)
    waiting.delete(id)
  })
  const call = <T>(command: Command, arg?: unknown) =>
    new Promise<T>((resolve) => {
      const id = ++seq
      waiting.set(id, resolve as (result: unknown) => void)
      child.send({ id, command, arg })
    })

  return {
    async start(): Promise<RemoteServer> {
      const url = await call<string>('start')
      return {
        url,
        expireAll: () => call('expireAll'),
        setLoginFails: (fails) => call('setLoginFails', fails),
        whenHeld: (count) => call('whenHeld', count),
        release: () => call('release'),
        resetStats: () => call('resetStats'),
        stats: () => call<ServerStats>('stats'),
        close: () => call('stop'),
      }
    },
    shutdown: () => child.disconnect(),
  }
}

export type ServerProcess = ReturnType<typeof connectBenchServer>
