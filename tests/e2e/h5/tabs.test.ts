import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Stats } from '../../../server/stats'
import { buildSample } from '../support/buildSample'
import { makePng } from '../../support/png'
import { admin, startBackend, type Backend } from '../support/startBackend'
import { launchChromium } from './launchChromium'
import { openContext } from './openContext'
import { registerPage, type AvatarFile } from './registerPage'

const avatar: AvatarFile = { name: 'avatar.png', bytes: makePng([52, 160, 220], 96) }

describe('H5 build in Chromium: the tabs of one browser share one session', () => {
  let browser: Browser
  let h5Dir: string
  let backend: Backend
  let context: BrowserContext
  let elsewhere: string[]
  let tabs: Array<{ page: Page; app: ReturnType<typeof registerPage> }>
  const stats = () => admin<Pick<Stats, 'logins' | 'recent'>>(backend, '/admin/stats')
  /** Waits for a line of the tab's on-page event log. */
  const logged = (page: Page, text: string) => page.locator('.log-item', { hasText: text }).first().waitFor()

  beforeAll(async () => {
    browser = await launchChromium()
    // Its own output dir: register.test.ts builds the same sample in parallel.
    h5Dir = await buildSample('h5', '', 'dist/e2e/h5-tabs')
  }, 180_000)
  afterAll(() => browser?.close())

  beforeEach(async () => {
    backend = await startBackend({ staticDir: h5Dir })
    ;({ context, elsewhere } = await openContext(browser, backend.url))
    tabs = []
    // Tab A logs in with its first upload; tab B, opened after, restores that session from storage.
    for (const name of ['A', 'B']) {
      const page = await context.newPage()
      page.setDefaultTimeout(15_000)
      const app = registerPage(page)
      await app.open(backend.url)
      await app.fill(`Tab ${name}`, '13800138000')
      await app.chooseAvatar(avatar)
      await app.avatarDone()
      await app.agree()
      tabs.push({ page, app })
    }
    expect((await stats()).logins).toBe(1)
  }, 60_000)
  afterEach(async () => {
    await context?.close()
    await backend?.close()
    expect(elsewhere).toEqual([])
  })

  it('logs in once for all tabs after an expiry: the other tab sends the adopted token, and both submits land once', async () => {
    const [a, b] = tabs as [(typeof tabs)[0], (typeof tabs)[0]]
    await admin(backend, '/admin/expire-tokens', {})
    await admin(backend, '/admin/stats/reset', {})

    await a.app.submit()
    expect(await a.app.outcome()).toEqual({ success: 'Tab A', message: null })
    await logged(b.page, 'logged in by another tab')
    await b.app.submit()
    // One registration per user: tab B's lands on the one tab A made.
    expect(await b.app.outcome()).toEqual({ success: 'Tab A', message: null })

    const after = await stats()
    expect(after.logins).toBe(1)
    expect(after.recent.filter((r) => r.path === '/register').map((r) => r.tokenState)).toEqual(['expired', 'valid', 'valid'])
    expect(await backend.store.countRegistrations()).toBe(1)
    expect(await b.app.log()).not.toContainEqual(expect.stringContaining('login started'))
  }, 60_000)

  it('logs every tab out when one logs out', async () => {
    const [a, b] = tabs as [(typeof tabs)[0], (typeof tabs)[0]]
    expect(await b.app.status()).toBe('authenticated')

    expect(await a.app.logout()).toBe('anonymous')
    await logged(b.page, 'logged out by another tab')
    expect(await b.app.status()).toBe('anonymous')
  }, 60_000)
})
