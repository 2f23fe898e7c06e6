import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fingerprint } from '../../../devtools/fingerprint'
import { deferred } from '../../support/deferred'
import { admin, startBackend, type Backend } from '../support/startBackend'
import { startH5DevServer, type H5DevServer } from '../support/startH5DevServer'
import { launchChromium } from './launchChromium'
import { openContext } from './openContext'
import { registerPage } from './registerPage'
import { vueDevtools, type TimelineRow } from './vueDevtools'

// The docs' screenshots are refreshed on request (UPDATE_SCREENSHOTS=1); other runs keep theirs in dist/.
const screenshots = fileURLToPath(new URL(process.env.UPDATE_SCREENSHOTS ? '../../../docs/screenshots/' : '../../../dist/e2e/', import.meta.url))
const desktop = { viewport: { width: 1280, height: 1000 } }

/** The session the app keeps in storage: the tokens the DevTools must never show. */
async function storedSession(page: Page): Promise<{ token: string; refreshToken: string }> {
  const stored = await page.evaluate(() => localStorage.getItem('uni-relogin:session'))
  return (JSON.parse(stored!) as { data: { token: string; refreshToken: string } }).data
}

describe('Vue DevTools in the H5 dev build: a real expiry in the sample app', () => {
  let browser: Browser
  let backend: Backend
  let devServer: H5DevServer
  let context: BrowserContext
  let elsewhere: string[]
  let page: Page
  let app: ReturnType<typeof registerPage>
  let devtools: ReturnType<typeof vueDevtools>

  beforeAll(async () => {
    browser = await launchChromium()
    backend = await startBackend()
    devServer = await startH5DevServer(backend.url)
    ;({ context, elsewhere } = await openContext(browser, devServer.url, desktop))
    // A larger panel than the overlay's default, so a whole run fits in the screenshots. Set once,
    // in the app's frame: the overlay keeps its state there and follows later changes to it.
    await context.addInitScript(() => {
      const key = '__vue-devtools-frame-state__'
      if (window === window.top && !localStorage.getItem(key)) localStorage.setItem(key, JSON.stringify({ width: 92, height: 90, top: 0, left: 50, position: 'bottom' }))
    })
    page = await context.newPage()
    page.setDefaultTimeout(15_000)
    app = registerPage(page)
    await app.open(devServer.url)
    await app.appGets(['/profile']) // signs in: a session to expire
    await page.keyboard.press('Alt+Shift+KeyD') // the overlay's shortcut
    devtools = vueDevtools(page.frameLocator('.vue-devtools-frame iframe'))
    await devtools.inspector('uni-relogin')
  }, 60_000)
  afterEach(() => {
    // The DevTools client asks Google Fonts for its typeface; refused, it uses a local one.
    expect(elsewhere.filter((url) => !url.startsWith('https://fonts.gstatic.com/'))).toEqual([])
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await devServer?.close()
    await backend?.close()
  })

  /**
   * One expiry, for real: the server expires the session, two requests leave with it and come back
   * expired (replayed), and two more are issued once the login has begun (held). The login's request
   * waits in the browser until `midRun` is done. Resolves the tokens before and after.
   */
  async function expiry(midRun: () => Promise<void>): Promise<string[]> {
    const before = await storedSession(page)
    const loginSent = deferred()
    const release = deferred()
    await page.route('**/v1/cif/loginByCode.do', async (route) => {
      loginSent.resolve()
      await release.promise
      await route.continue()
    })
    await admin(backend, '/admin/expire-tokens', {})
    await admin(backend, '/admin/stats/reset', {})
    const replayed = app.appGets(['/profile', '/profile'])
    await loginSent.promise
    const held = app.appGets(['/profile', '/profile'])
    try {
      await midRun()
    } finally {
      release.resolve() // even when a check fails: nothing is left waiting
    }
    await Promise.all([replayed, held])
    await page.unrouteAll()
    expect((await admin<{ logins: number }>(backend, '/admin/stats')).logins).toBe(1)
    const after = await storedSession(page)
    return [before.token, before.refreshToken, after.token, after.refreshToken]
  }

  /** Fails if any of these tokens is in what the DevTools showed. */
  function expectNoToken(shown: string[], tokens: string[]) {
    expect(tokens.every(Boolean)).toBe(true)
    for (const token of tokens) expect(shown.join('\n')).not.toContain(token)
  }

  it('inspector: the session logging in and the four requests it holds, tokens by fingerprint only', async () => {
    await devtools.tab('State')
    const shown: string[] = []
    const tokens = await expiry(async () => {
      const status = await app.status()
      await devtools.expand(`session: ${status}`)
      const waiting = devtools.node(/^#\d+ GET \/profile$/)
      await waiting.nth(3).waitFor()
      await devtools.node(`session: ${status}`).click()
      expect(await devtools.details()).toMatchObject({ status, token: fingerprint((await storedSession(page)).token), 'login in flight': 'true' })
      await mkdir(screenshots, { recursive: true })
      await page.screenshot({ path: `${screenshots}devtools-inspector.png` })
      shown.push(await devtools.text())
      await waiting.first().click()
      expect(await devtools.details()).toMatchObject({ path: '/profile', state: 'held' })
      shown.push(await devtools.text())
    })
    expectNoToken(shown, tokens)
  })

  it('timeline: one login run, the requests held for it and the replays after it, no token', async () => {
    // The client records on request, and keeps a timeline's events only while its tab is open.
    await devtools.tab('Timeline')
    await devtools.record()
    const tokens = await expiry(() => devtools.events('request:held').nth(1).waitFor())
    await devtools.events('request:send').nth(5).waitFor() // four first sends, two replays
    await devtools.events('request:settled').nth(3).waitFor()

    const rows = await devtools.timeline()
    const titled = (title: string) => rows.filter((row) => row.title === title)
    const at = (row: TimelineRow) => rows.indexOf(row)
    const [start, ...otherStarts] = titled('login:start')
    const [success, ...otherSuccesses] = titled('login:success')
    expect({ otherStarts, otherSuccesses }).toEqual({ otherStarts: [], otherSuccesses: [] })
    expect(success.details.run).toBe(start.details.run)
    expect(start.details.events).toBe('2') // the run's group: its start and its success
    const held = titled('request:held')
    const replayed = titled('request:replay')
    expect({ held: held.length, replayed: replayed.length }).toEqual({ held: 2, replayed: 2 })
    for (const row of held) expect(at(start) < at(row) && at(row) < at(success)).toBe(true)
    // Each replayed request goes out again once the login is done: its second attempt.
    for (const row of replayed) {
      expect(at(row)).toBeLessThan(at(success))
      const sent = rows.filter((sent) => sent.title === 'request:send' && sent.details.id === row.details.id && at(sent) > at(success))
      expect(sent.map((sent) => sent.details.attempt)).toEqual(['2'])
    }
    // All four end after the login, each with its answer and the run it waited on.
    const settled = titled('request:settled')
    expect(settled).toHaveLength(4)
    for (const row of settled) {
      expect(at(row)).toBeGreaterThan(at(success))
      expect(row.subtitle).toBe('GET /profile → 200')
      expect(row.details).toMatchObject({ ok: 'true', status: '200', waitedOn: `run-${start.details.run}` })
    }

    await devtools.showEvent('login:start')
    await mkdir(screenshots, { recursive: true })
    await page.screenshot({ path: `${screenshots}devtools-timeline.png` })
    expectNoToken([await devtools.text(), ...rows.map((row) => JSON.stringify(row))], tokens)
  })

  it("pinia's own inspector: the auth store's token as its fingerprint only", async () => {
    await devtools.pinia()
    const { token } = await storedSession(page)
    const shown: string[] = []
    // The store's own node, then the root's, with the store's state unfolded there.
    await devtools.node('uni-relogin:auth').first().click()
    await devtools.node(fingerprint(token)).waitFor()
    shown.push(await devtools.text())
    await devtools.node('🍍 Pinia (root)').click()
    await devtools.node('uni-relogin:auth').nth(1).click()
    await devtools.node(fingerprint(token)).waitFor()
    shown.push(await devtools.text())
    expectNoToken(shown, [token])
  })
})
