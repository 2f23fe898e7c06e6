import { startBenchServer, type BenchServer } from './startBenchServer'

/**
 * Child process: the bench server, on a core of its own (the client's runtime and the server no
 * longer share one event loop, as a phone and a backend don't). Driven over IPC by
 * `connectBenchServer`: each message `{ id, command, arg }` gets `{ id, result }` back.
 */
export type Command = 'start' | 'stop' | 'expireAll' | 'setLoginFails' | 'whenHeld' | 'release' | 'resetStats' | 'stats'

let server: BenchServer | undefined

const handlers: Record<Command, (arg: unknown) => unknown> = {
  async start() {
    await server?.close()
    server = await startBenchServer()
    return server.url
  },
  async stop() {
    await server?.close()
    server = undefined
  },
  expireAll: () => server!.expireAll(),
  setLoginFails: (arg) => server!.setLoginFails(arg === true),
  whenHeld: (arg) => server!.whenHeld(Number(arg)),
  release: () => server!.release(),
  resetStats: () => void server!.resetStats(),
  stats: () => ({ ...server!.stats }),
}

process.on('message', async ({ id, command, arg }: { id: number; command: Command; arg?: unknown }) => {
  const result = await handlers[command](arg)
  process.send!({ id, result })
})
process.on('disconnect', () => process.exit(0))
