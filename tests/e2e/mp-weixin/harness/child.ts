/**
 * The child process that hosts one compiled-app session (spawned by ../session.ts). It runs out of the
 * vitest worker because the phone-missing globals, `process` included, are deleted here for real, and
 * a vitest worker talks to its parent through the global `process`. This file keeps its own handle.
 */
import process from 'node:process'
import { format } from 'node:util'
import type { Reply, Request, SessionConfig } from '../protocol'
import { bootPhone } from './bootPhone'
import { createCommands } from './commands'

const send = (reply: Reply) => process.send!(reply)
const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : format(error))

// Anything thrown where no caller waits (a strict-wx throw in a timer, say) must fail the test.
process.on('uncaughtException', (error) => crash(error))
process.on('unhandledRejection', (error) => crash(error))
function crash(error: unknown) {
  send({ crashed: describe(error) })
  process.exitCode = 1
  process.disconnect?.()
}

// Vue and uni report errors they catch (e.g. from a page's event handler) through the console.
const consoleErrors: string[] = []
for (const level of ['error', 'warn'] as const) {
  const original = console[level].bind(console)
  console[level] = (...args: unknown[]) => {
    consoleErrors.push(format(...args))
    original(...args)
  }
}

const config = JSON.parse(process.argv[2]!) as SessionConfig
const commands = createCommands(bootPhone(config), consoleErrors)

process.on('message', async ({ id, command, args }: Request) => {
  try {
    const run = commands[command] as (...args: unknown[]) => unknown
    if (typeof run !== 'function') throw new Error(`no such command: ${command}`)
    send({ id, ok: true, value: (await run(...args)) ?? null })
  } catch (error) {
    send({ id, ok: false, error: describe(error) })
  }
})
process.on('disconnect', () => process.exit())
send({ ready: true })
