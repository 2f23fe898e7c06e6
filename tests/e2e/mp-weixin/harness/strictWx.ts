type Api = (...args: never[]) => unknown

/**
 * The `wx` the compiled app gets. Every function of the real Node runtime and of the host (launch
 * options, app show/hide) is real; every other name the simulator's mock `wx` knows (about 400 mocks
 * that always succeed) becomes a function that throws, so an API nobody implemented fails loudly.
 */
export function createStrictWx(knownNames: Iterable<string>, ...implementations: object[]): Record<string, unknown> {
  const wx: Record<string, unknown> = {}
  for (const name of knownNames) {
    wx[name] = () => {
      throw new Error(`wx.${name} is not provided by the Node runtime`)
    }
  }
  for (const implementation of implementations) {
    for (const [name, value] of Object.entries(implementation)) if (typeof value === 'function') wx[name] = value as Api
  }
  // uni's production runtime pings a DCloud CDN through it; vite.config.ts strips the call and
  // tests/e2e checks the build, and a phone in a test must not phone home either way.
  wx.preloadAssets = undefined
  return wx
}
