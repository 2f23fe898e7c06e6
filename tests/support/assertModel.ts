import fc from 'fast-check'
import { vi } from 'vitest'

/**
 * Runs a model test's property the way each of them does: FC_RUNS sequences (default 1000), `Date`
 * faked so that "time passes" is a command, the package's warnings silenced. A failure names its
 * seed, path and shrunk commands, with the one-line command that replays it (`file` runs it).
 */
export async function assertModel<Ts extends unknown[]>(property: (replayPath: string | undefined) => fc.IAsyncProperty<Ts>, file: string) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  try {
    await fc.assert(property(process.env.FC_REPLAY_PATH), {
      numRuns: Number(process.env.FC_RUNS ?? 1000),
      seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
      path: process.env.FC_PATH,
    })
  } catch (error) {
    const text = String(error)
    const { seed, path } = /seed: (?<seed>-?\d+), path: "(?<path>[^"]*)"/.exec(text)?.groups ?? {}
    const replayPath = /replayPath="(?<r>[^"]*)"/.exec(text)?.groups?.r ?? ''
    const replay = `FC_SEED=${seed} FC_PATH=${path} FC_REPLAY_PATH='${replayPath}' npx vitest run ${file}`
    throw Object.assign(new Error(`${text}\nReplay: ${replay}`), { cause: error })
  } finally {
    vi.restoreAllMocks()
    vi.useRealTimers()
  }
}
