/**
 * Installs a platform the way a mini program has it: `uni` and `wx` are the same object, and
 * `getApp()` returns the app instance with its `globalData` (the seed wrapper writes there).
 */
export function installPlatform(platform: object): void {
  const scope = globalThis as Record<string, unknown>
  const globalData: Record<string, unknown> = {}
  scope.uni = platform
  scope.wx = platform
  scope.getApp = () => ({ globalData })
}

/**
 * The seed wrapper logs three lines per response. Its calls stay in the port, but the output is
 * muted for every contender alike, so writing to a terminal does not become the benchmark.
 * The harness reports through process.stdout/stderr directly.
 */
export function muteConsoleLog(): void {
  console.log = () => {}
}
