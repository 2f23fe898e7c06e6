import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { resetStats } from '../../../server/stats'
import { admin } from '../support/startBackend'
import { fillForm, useCompiledApp } from './compiledApp'

const app = useCompiledApp('expiry')

describe('compiled mp-weixin app: token expiry', () => {
  it('has the DCloud beacon stripped from the build', async () => {
    expect(await readFile(join(app.distDir, 'common/vendor.js'), 'utf8')).not.toContain('preloadAssets')
  })

  it('runs without the globals a phone lacks', async () => {
    const session = await app.open('phone-globals')
    const seen = await session.probeGlobals()
    expect(Object.entries(seen).filter(([, type]) => type !== 'undefined')).toEqual([])
  })

  it('re-logs in once per expiry mid-form, replays the upload, then the submit and 200 requests sent with it, and keeps the form', async () => {
    const { backend, avatars } = app
    const session = await app.open('expiry-mid-form')
    await fillForm(session, 'Alice', '13800000001')
    expect(await backend.store.hasUploaded('expiry-mid-form', avatars[0].uploadName)).toBe(true)
    const tokenStates = (path: string) => backend.stats.recent.filter((entry) => entry.path === path).map((entry) => entry.tokenState)

    // The user picks another avatar after the token expired: its upload bounces and is replayed.
    await admin(backend, '/admin/expire-tokens', {})
    backend.faults.latencyMs = 100 // the progress bar stays up long enough to be seen
    resetStats(backend.stats)
    let before = await session.calls()
    await session.setImages([avatars[1].path])
    await session.tap('.choose-avatar')
    await session.waitFor(['.upload-progress'])
    await session.waitForAttr('.choose-avatar', 'disabled', false)
    expect(await session.text('.message')).toBeNull()
    expect((await session.calls()).login - before.login).toBe(1)
    expect(backend.stats).toMatchObject({ loginRequests: 1, exchanges: 1, logins: 1 })
    expect(tokenStates('/upload')).toEqual(['expired', 'valid'])
    expect(await backend.store.hasUploaded('expiry-mid-form', avatars[1].uploadName)).toBe(true)

    // Expired again, the user submits and, once the submit has bounced, sends the demo's 200
    // requests: they wait for the submit's one login, and all of them are answered.
    await admin(backend, '/admin/expire-tokens', {})
    resetStats(backend.stats)
    const registrations = await backend.store.countRegistrations()
    before = await session.calls()
    await session.record('.submit', 'loading')
    await session.tap('.submit')
    await vi.waitFor(() => expect(tokenStates('/register')).toEqual(['expired']), { timeout: 5_000, interval: 5 })
    await session.tap('.burst')
    expect((await session.waitFor(['.success', '.message'])).selector).toBe('.success')
    expect(await session.waitFor(['.burst-result'], 30_000)).toEqual({ selector: '.burst-result', text: '200/200 ok' })
    backend.faults.latencyMs = 0

    const after = await session.calls()
    expect(after.login - before.login).toBe(1)
    expect(backend.stats).toMatchObject({ loginRequests: 1, exchanges: 1, logins: 1 })
    // WeChat's cap of 10 was kept by the app itself: nothing ever waited in the platform's queue.
    expect(after.maxQueued).toBe(0)
    expect(after.maxInFlight).toBeLessThanOrEqual(10)

    // The page showed the submit spinning throughout, then the registration; what the user typed is still there.
    expect(await session.recorded('.submit', 'loading')).toEqual([true, false])
    expect(await session.text('.success-name')).toBe('Alice')
    expect(await session.text('.success-phone')).toBe('13800000001')
    expect(await session.attr('.nickname', 'value')).toBe('Alice')
    expect(await session.attr('.phone', 'value')).toBe('13800000001')
    expect(await session.attr('.agree', 'checked')).toBe(true)
    expect(await session.text('.message')).toBeNull()
    expect(await session.text('.avatar-done')).not.toBeNull()

    // Exactly one registration, whose avatar is byte for byte the file the user chose last.
    expect(await backend.store.countRegistrations() - registrations).toBe(1)
    const registration = (await backend.store.getRegistration('expiry-mid-form'))!
    expect(registration).toMatchObject({ nickname: 'Alice', phone: '13800000001', avatarUrl: `/uploads/${avatars[1].uploadName}` })
    const stored = Buffer.from(await (await fetch(`${backend.url}${registration.avatarUrl}`)).arrayBuffer())
    expect(stored.equals(avatars[1].bytes)).toBe(true)

    // The profile page, opened from the success card, loads the same registration.
    await session.tap('.profile-button')
    await vi.waitFor(async () => expect(await session.route()).toBe('pages/profile/profile'))
    expect(await session.waitFor(['.card .nickname', '.empty', '.message'])).toEqual({ selector: '.card .nickname', text: 'Alice' })
    expect(await session.text('.card .phone')).toBe('13800000001')
  })

  it('settles 200 requests sent at once through an expiry with one login and at most 10 in flight', async () => {
    const { backend } = app
    const session = await app.open('burst')
    await session.tap('.choose-avatar') // the first request logs in
    expect((await session.waitFor(['.avatar-done', '.message'])).selector).toBe('.avatar-done')

    await admin(backend, '/admin/expire-tokens', {})
    backend.faults.latencyMs = 20 // so the server sees the requests overlap
    resetStats(backend.stats)
    const before = await session.calls()
    await session.tap('.burst')
    expect(await session.waitFor(['.burst-result'], 30_000)).toEqual({ selector: '.burst-result', text: '200/200 ok' })
    backend.faults.latencyMs = 0

    const after = await session.calls()
    expect(after.login - before.login).toBe(1)
    expect(backend.stats).toMatchObject({ loginRequests: 1, exchanges: 1, logins: 1 })
    expect(backend.stats.peakInFlight).toBeGreaterThan(1)
    expect(backend.stats.peakInFlight).toBeLessThanOrEqual(10)
    expect(after.maxInFlight).toBeLessThanOrEqual(10)
    expect(after.maxQueued).toBe(0)
    // The page's event log shows the silent re-login at work.
    expect(await session.texts('.log-item')).toContainEqual(expect.stringContaining('replayed: GET /profile'))
  })
})

describe('compiled mp-weixin app: the background', () => {
  const tokenStates = (path: string) => app.backend.stats.recent.filter((entry) => entry.path === path).map((entry) => entry.tokenState)

  it('registers once when the user fills the form, leaves the app, the token expires, and the user comes back and submits', async () => {
    const { backend } = app
    const session = await app.open('background-expiry')
    await fillForm(session, 'Bea', '13800000002')

    await session.hide()
    await admin(backend, '/admin/expire-tokens', {})
    resetStats(backend.stats)
    const before = await session.calls()
    await session.show()
    await session.tap('.submit')
    expect((await session.waitFor(['.success', '.message'])).selector).toBe('.success')

    expect((await session.calls()).login - before.login).toBe(1)
    expect(backend.stats).toMatchObject({ logins: 1, keyedRuns: 1 })
    expect(tokenStates('/register')).toEqual(['expired', 'valid'])
    expect(await backend.store.getRegistration('background-expiry')).toMatchObject({ nickname: 'Bea', phone: '13800000002' })
    expect(await session.attr('.nickname', 'value')).toBe('Bea')
  })

  it('sends a submit that WeChat interrupted in the background once more after show, and it lands once', async () => {
    const { backend } = app
    const session = await app.open('background-interrupted')
    await fillForm(session, 'Cai', '13800000003')
    resetStats(backend.stats)
    const registrations = await backend.store.countRegistrations()
    const before = await session.calls()

    backend.faults.latencyMs = 300 // the submit is still open at the server when WeChat interrupts it
    await session.tap('.submit')
    await vi.waitFor(() => expect(backend.stats.inFlight).toBe(1), { timeout: 5_000, interval: 5 })
    await session.hide()
    await session.interrupt()
    await vi.waitFor(async () => expect(await session.texts('.log-item')).toContainEqual(expect.stringContaining('interrupted in background: POST /register')))
    backend.faults.latencyMs = 0
    await session.show()
    expect((await session.waitFor(['.success', '.message'])).selector).toBe('.success')

    expect(await session.texts('.log-item')).toContainEqual(expect.stringContaining('resumed after background: POST /register'))
    // Sent twice by the platform, run once: the key would make the first attempt's outcome the
    // answer, had the server run it after the connection was gone.
    expect((await session.calls()).request - before.request).toBe(2)
    expect(backend.stats.keyedRuns).toBe(1)
    expect(await backend.store.countRegistrations() - registrations).toBe(1)
    expect(await backend.store.getRegistration('background-interrupted')).toMatchObject({ nickname: 'Cai', phone: '13800000003' })
  })
})
