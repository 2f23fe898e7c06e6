import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestUni, type TestUni } from '../../testing/index'

// Each request to /held/<n> is answered only when the test releases it, so the test decides
// when a place frees; the order of arrival is recorded.
let server: Server
let base: string
let arrived: string[] = []
const held = new Map<string, ServerResponse>()
const arrivals: Array<{ count: number; resolve: () => void }> = []

function handle(req: IncomingMessage, res: ServerResponse) {
  req.resume()
  req.on('end', () => {
    arrived.push(req.url!)
    if (req.url!.startsWith('/held/')) held.set(req.url!, res)
    else res.end('{"code":"c1"}')
    for (const waiter of arrivals.filter((w) => arrived.length >= w.count)) {
      arrivals.splice(arrivals.indexOf(waiter), 1)
      waiter.resolve()
    }
  })
}
const arrivedCount = (count: number) => new Promise<void>((resolve) => (arrived.length >= count ? resolve() : arrivals.push({ count, resolve })))
const release = (url: string) => held.get(url)!.end('{}')

beforeAll(async () => {
  server = createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

let uni: TestUni | undefined
afterEach(() => {
  uni?.uninstall()
  uni = undefined
  arrived = []
  held.clear()
})

describe('createTestUni', () => {
  it('installs itself as uni and wx, and uninstall() puts back what was there', async () => {
    const scope = globalThis as { uni?: unknown; wx?: unknown }
    const before = { not: 'uni' }
    scope.uni = before
    uni = createTestUni({ codeURL: `${base}/code` })
    expect(scope.uni).toBe(uni)
    expect(scope.wx).toBe(uni)
    await expect(uni.login()).resolves.toEqual({ code: 'c1', errMsg: 'login:ok' })
    uni.uninstall()
    expect(scope.uni).toBe(before)
    expect('wx' in scope).toBe(false)
    delete scope.uni
  })

  it('keeps request, uploadFile and downloadFile together to 10 at once, and sends the rest in order', async () => {
    uni = createTestUni()
    const file = join(mkdtempSync(join(tmpdir(), 'test-uni-')), 'a.txt')
    writeFileSync(file, 'a')
    let completed = 0
    let allDone = () => {}
    const finished = new Promise<void>((resolve) => (allDone = resolve))
    const call = (n: number) => {
      const url = `${base}/held/${n}`
      const complete = () => void (++completed === 13 && allDone())
      if (n % 3 === 1) uni!.uploadFile({ url, filePath: file, complete })
      else if (n % 3 === 2) uni!.downloadFile({ url, complete })
      else uni!.request({ url, complete })
    }
    for (let n = 0; n < 13; n++) call(n)

    await arrivedCount(10)
    expect({ inFlight: uni.inFlight, queued: uni.queued }).toEqual({ inFlight: 10, queued: 3 })
    expect(arrived.map((url) => Number(url.split('/')[2])).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])

    release(`/held/4`)
    await arrivedCount(11)
    expect(arrived[10]).toBe('/held/10')
    release(`/held/0`)
    release(`/held/1`)
    await arrivedCount(13)
    expect(arrived.slice(10)).toEqual(['/held/10', '/held/11', '/held/12'])
    expect({ maxInFlight: uni.maxInFlight, maxQueued: uni.maxQueued, queued: uni.queued }).toEqual({ maxInFlight: 10, maxQueued: 3, queued: 0 })
    for (const url of [...held.keys()].filter((url) => !['/held/0', '/held/1', '/held/4'].includes(url))) release(url)
    await finished
    expect(uni.inFlight).toBe(0)
  })

  it('fails a queued call that is aborted, without ever sending it', async () => {
    uni = createTestUni({ maxConcurrent: 1 })
    uni.request({ url: `${base}/held/first` })
    const results: string[] = []
    const queued = uni.request({ url: `${base}/held/queued`, fail: (res) => void results.push(res.errMsg) })
    await arrivedCount(1)
    queued.abort()
    expect(uni.queued).toBe(0)
    release('/held/first')
    await new Promise<void>((resolve) => uni!.request({ url: `${base}/code`, complete: () => resolve() }))
    expect(results).toEqual(['request:fail abort'])
    expect(arrived).toEqual(['/held/first', '/code'])
  })
})
