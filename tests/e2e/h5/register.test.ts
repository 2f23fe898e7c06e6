import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_OPENID } from '../../../server/routes/dev'
import { buildSample } from '../support/buildSample'
import type { Trace } from '../../../src/index'
import { makePng } from '../../support/png'
import { admin, startBackend, type Backend } from '../support/startBackend'
import { launchChromium } from './launchChromium'
import { openContext } from './openContext'
import { registerPage, type AvatarFile } from './registerPage'

// The docs' screenshot (docs/guide/quick-start.md) is refreshed on request (UPDATE_SCREENSHOTS=1); other runs keep theirs in dist/.
const screenshot = fileURLToPath(
  new URL(process.env.UPDATE_SCREENSHOTS ? '../../../docs/screenshots/h5-register-success.png' : '../../../dist/e2e/h5-register-success.png', import.meta.url),
)
// The trace of that run, for the example in docs/guide/devtools.md.
const traceFile = fileURLToPath(new URL('../../../dist/e2e/h5-register-trace.json', import.meta.url))
const avatar: AvatarFile = { name: 'avatar.png', bytes: makePng([52, 160, 220], 96) }
const uploadName = (file: AvatarFile) => `${createHash('sha256').update(file.bytes).digest('hex')}.png`
const NICKNAME = '小明 Ming'
const PHONE = '13800138000'

interface Stats {
  logins: number
  exchanges: number
  registrations: number
  recent: Array<{ method: string; path: string; tokenState: string }>
}

describe('H5 build in Chromium: the register page survives token expiry', () => {
  let browser: Browser
  let h5Dir: string
  let backend: Backend
  let context: BrowserContext
  let page: Page
  let app: ReturnType<typeof registerPage>
  let elsewhere: string[]
  const stats = () => admin<Stats>(backend, '/admin/stats')

  beforeAll(async () => {
    browser = await launchChromium() // first: a missing browser fails in a second, not after the build
    // H5 calls its own origin, so no API base is baked in; one build serves every test's backend.
    h5Dir = await buildSample('h5', '', 'dist/e2e/h5')
  }, 180_000)
  afterAll(() => browser?.close())

  beforeEach(async () => {
    // A fresh backend per test: the demo login is always the same openid, which registers only once.
    backend = await startBackend({ staticDir: h5Dir })
    ;({ context, elsewhere } = await openContext(browser, backend.url))
    page = await context.newPage()
    page.setDefaultTimeout(15_000)
    app = registerPage(page)
    // Filled and uploaded with a valid session: the first upload causes the one initial login.
    await app.open(backend.url)
    await app.fill(NICKNAME, PHONE)
    await app.chooseAvatar(avatar)
    await app.avatarDone()
    await app.agree()
    expect((await stats()).logins).toBe(1)
    await admin(backend, '/admin/expire-tokens', {})
    await admin(backend, '/admin/stats/reset', {})
  })
  afterEach(async () => {
    await context?.close()
    await backend?.close()
    // The page talks to its own backend only (vite.config.ts strips uni-h5's DCloud CDN preload).
    expect(elsewhere).toEqual([])
  })

  it('re-logs in once, replays the submit and concurrent requests, keeps the form', async () => {
    // Every request takes 1.5 s, so the other calls surely leave before the submit's expiry answer is back.
    await admin(backend, '/admin/faults', { latencyMs: 1500 })
    await app.submit()
    const profiles = app.appGets(['/profile', '/profile', '/profile'])

    expect(await app.outcome()).toEqual({ success: NICKNAME, message: null })
    expect(await profiles).toHaveLength(3)
    await app.idle()

    const after = await stats()
    expect({ logins: after.logins, exchanges: after.exchanges }).toEqual({ logins: 1, exchanges: 1 })
    // The profile loads left with the expired token too, while the submit was out, before the login
    // began; each was sent again exactly once. (Had they left later, they would have been held.)
    const seen = (path: string) => after.recent.filter((r) => r.path === path).map((r) => r.tokenState)
    expect(seen('/register')).toEqual(['expired', 'valid'])
    expect(seen('/profile').sort()).toEqual(['expired', 'expired', 'expired', 'valid', 'valid', 'valid'])
    expect(await app.log()).toContainEqual(expect.stringContaining('replayed: POST /register'))

    // The trace an app would attach to an error report: the one run, the submit linked to it and
    // its result, and never the token.
    const text = await app.trace()
    const { spans } = JSON.parse(text) as Trace
    const runs = spans.filter((span) => span.name === 'login')
    const submit = spans.find((span) => span.name === 'POST /register')!
    expect(submit.links).toEqual([{ spanId: runs.at(-1)!.spanId }])
    expect(runs.at(-1)!.status).toEqual({ code: 'ok' })
    expect(submit.status).toEqual({ code: 'ok' })
    expect(submit.events.map((event) => event.name)).toEqual(['request:replay', 'request:settled'])
    // uni's H5 storage keeps `{ type, data }` as JSON.
    const token = (JSON.parse(await app.saved()) as { data: { token: string } }).data.token
    expect(token.length).toBeGreaterThan(8)
    expect(text).not.toContain(token)
    await mkdir(dirname(traceFile), { recursive: true })
    await writeFile(traceFile, `${text}\n`)

    expect(await app.values()).toEqual({ nickname: NICKNAME, phone: PHONE, agreed: true })
    expect(await backend.store.countRegistrations()).toBe(1)
    const registration = (await backend.store.getRegistration(DEMO_OPENID))!
    expect(registration).toMatchObject({ nickname: NICKNAME, phone: PHONE, avatarUrl: `/uploads/${uploadName(avatar)}` })
    const stored = Buffer.from(await (await fetch(`${backend.url}${registration.avatarUrl}`)).arrayBuffer())
    expect(stored.equals(avatar.bytes)).toBe(true)

    await mkdir(dirname(screenshot), { recursive: true })
    await page.screenshot({ path: screenshot, fullPage: true })
  }, 60_000)

  it('says so when the login is down, keeps the form, and succeeds once the login is back', async () => {
    await admin(backend, '/admin/faults', { login: 'down' })
    // Counted in the page: Chromium itself re-sends a POST whose reused keep-alive socket dies
    // unanswered, so the server sees several login requests for the package's one.
    const loginPosts: string[] = []
    page.on('request', (request) => request.url().endsWith('/v1/cif/loginByCode.do') && loginPosts.push(request.method()))
    await app.submit()

    const failed = await app.outcome()
    expect(failed.success).toBeNull()
    expect(failed.message).toContain('Login failed')
    expect(await app.values()).toEqual({ nickname: NICKNAME, phone: PHONE, agreed: true })
    expect(await backend.store.countRegistrations()).toBe(0)
    expect(loginPosts).toEqual(['POST'])
    expect(await stats()).toMatchObject({ logins: 0, registrations: 0 })

    await admin(backend, '/admin/faults', { login: 'ok' })
    // Time itself is under test: after a failed login, logins fail at once for the cool-down
    // (loginCooldown, 1 s by default), so a retry works only once it has passed.
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    await app.submit()
    await app.messageGone()

    expect(await app.outcome()).toEqual({ success: NICKNAME, message: null })
    expect(loginPosts).toEqual(['POST', 'POST'])
    expect(await stats()).toMatchObject({ logins: 1, registrations: 1 })
    expect(await backend.store.getRegistration(DEMO_OPENID)).toMatchObject({ nickname: NICKNAME, phone: PHONE })
  }, 60_000)
})
