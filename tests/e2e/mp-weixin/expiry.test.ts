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

  it('re-logs in once when the token expires mid-form, replays the submit and keeps the form', async () => {
    const { backend, avatars } = app
    const session = await app.open('expiry-mid-form')
    await fillForm(session, 'Alice', '13800000001')
    expect(await backend.store.hasUploaded('expiry-mid-form', avatars[0].uploadName)).toBe(true)

    await admin(backend, '/admin/expire-tokens', {})
    // Latency keeps the submit, an upload of a second avatar and three profile loads (the last two
    // through the app's own useApi) in flight together, so all of them come back expired.
    backend.faults.latencyMs = 100
    resetStats(backend.stats)
    const registrations = await backend.store.countRegistrations()
    const before = await session.calls()
    await session.record('.submit', 'loading')
    await session.tap('.submit')
    const [upload, profiles] = await Promise.all([session.upload(avatars[1].path), session.burst(3, '/profile')])
    expect((await session.waitFor(['.success', '.message'])).selector).toBe('.success')
    backend.faults.latencyMs = 0

    // One login and one exchange for the whole expiry, and every caller got its own answer.
    expect((await session.calls()).login - before.login).toBe(1)
    expect(backend.stats).toMatchObject({ loginRequests: 1, exchanges: 1, logins: 1 })
    expect(profiles).toEqual({ settled: 3, codes: { '000000': 3 }, errors: {} })
    expect(upload).toBe('000000')
    expect(await backend.store.hasUploaded('expiry-mid-form', avatars[1].uploadName)).toBe(true)
    // The submit and the second upload each went out with the stale token and were replayed once.
    const tokenStates = (path: string) => backend.stats.recent.filter((entry) => entry.path === path).map((entry) => entry.tokenState)
    expect(tokenStates('/register')).toEqual(['expired', 'valid'])
    expect(tokenStates('/upload')).toEqual(['expired', 'valid'])

    // The page showed the submit spinning throughout, then the registration; what the user typed is still there.
    expect(await session.recorded('.submit', 'loading')).toEqual([true, false])
    expect(await session.text('.success-name')).toBe('Alice')
    expect(await session.text('.success-phone')).toBe('13800000001')
    expect(await session.attr('.nickname', 'value')).toBe('Alice')
    expect(await session.attr('.phone', 'value')).toBe('13800000001')
    expect(await session.attr('.agree', 'checked')).toBe(true)
    expect(await session.text('.message')).toBeNull()
    expect(await session.text('.avatar-done')).not.toBeNull()

    // Exactly one registration, whose avatar is byte for byte the file the user chose first.
    expect((await backend.store.countRegistrations()) - registrations).toBe(1)
    const registration = (await backend.store.getRegistration('expiry-mid-form'))!
    expect(registration).toMatchObject({ nickname: 'Alice', phone: '13800000001', avatarUrl: `/uploads/${avatars[0].uploadName}` })
    const stored = Buffer.from(await (await fetch(`${backend.url}${registration.avatarUrl}`)).arrayBuffer())
    expect(stored.equals(avatars[0].bytes)).toBe(true)

    // The profile page, opened from the success card, loads the same registration.
    await session.tap('.profile-button')
    await vi.waitFor(async () => expect(await session.route()).toBe('pages/profile/profile'))
    expect(await session.waitFor(['.card .nickname', '.empty', '.message'])).toEqual({ selector: '.card .nickname', text: 'Alice' })
    expect(await session.text('.card .phone')).toBe('13800000001')
  })

  it('settles a burst of 200 requests through an expiry with one login and at most 10 in flight', async () => {
    const { backend } = app
    const session = await app.open('burst')
    expect(await session.burst(1, '/profile')).toEqual({ settled: 1, codes: { '000000': 1 }, errors: {} })

    await admin(backend, '/admin/expire-tokens', {})
    backend.faults.latencyMs = 20 // so the server sees the requests overlap
    resetStats(backend.stats)
    const before = await session.calls()
    const burst = await session.burst(200, '/profile')
    backend.faults.latencyMs = 0

    expect(burst).toEqual({ settled: 200, codes: { '000000': 200 }, errors: {} })
    const after = await session.calls()
    expect(after.login - before.login).toBe(1)
    expect(backend.stats).toMatchObject({ loginRequests: 1, exchanges: 1, logins: 1 })
    expect(backend.stats.peakInFlight).toBeGreaterThan(1)
    expect(backend.stats.peakInFlight).toBeLessThanOrEqual(10)
    expect(after.maxInFlight).toBeLessThanOrEqual(10)
    // The page's event log shows the silent re-login at work.
    expect(await session.texts('.log-item')).toContainEqual(expect.stringContaining('replayed: GET /profile'))
  })
})
