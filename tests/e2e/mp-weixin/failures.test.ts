import { describe, expect, it, vi } from 'vitest'
import { admin } from '../support/startBackend'
import { fillForm, useCompiledApp } from './compiledApp'

const app = useCompiledApp('failures')

describe('compiled mp-weixin app: when things go wrong', () => {
  it('shows a clear error and keeps the form when the re-login is impossible, then succeeds once it is back', async () => {
    const { backend } = app
    const session = await app.open('login-down')
    await fillForm(session, 'Bob', '13800000002')
    const registrations = await backend.store.countRegistrations()

    await admin(backend, '/admin/expire-tokens', {})
    await admin(backend, '/admin/faults', { login: 'down' })
    await session.tap('.submit')
    const failed = await session.waitFor(['.success', '.message'])
    expect(failed.selector).toBe('.message')
    expect(failed.text).toContain('Login failed')
    expect(await session.attr('.submit', 'loading')).toBe(false)
    expect(await session.attr('.nickname', 'value')).toBe('Bob')
    expect(await session.attr('.phone', 'value')).toBe('13800000002')
    expect(await session.attr('.agree', 'checked')).toBe(true)
    expect(await session.text('.avatar-done')).not.toBeNull()
    expect(await backend.store.getRegistration('login-down')).toBeUndefined()

    await admin(backend, '/admin/faults', { login: 'ok' })
    // Time itself is under test: after a failed login, logins fail at once for the cool-down
    // (loginCooldown, 1 s by default), so a retry works only once it has passed.
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    await session.tap('.submit')
    await session.waitFor(['.success'])
    expect(await session.text('.success-name')).toBe('Bob')
    expect(await session.text('.message')).toBeNull()
    expect((await backend.store.countRegistrations()) - registrations).toBe(1)
    expect(await backend.store.getRegistration('login-down')).toMatchObject({ nickname: 'Bob', phone: '13800000002' })
  })

  it('registers once when the response to the replayed submit is lost and the user taps again', async () => {
    const { backend } = app
    const session = await app.open('dropped-response')
    await fillForm(session, 'Carol', '13800000003')
    const registrations = await backend.store.countRegistrations()

    // The submit comes back expired; while the (slowed) re-login runs, arrange for the response to
    // the replay to be lost after the server has acted on it, as on a flaky mobile network.
    await admin(backend, '/admin/expire-tokens', {})
    await admin(backend, '/admin/faults', { login: 'slow', loginDelayMs: 300 })
    const loginRequests = backend.stats.loginRequests
    await session.tap('.submit')
    await vi.waitFor(() => expect(backend.stats.loginRequests, 'a re-login after the expired submit').toBe(loginRequests + 1), {
      timeout: 5_000,
      interval: 5,
    })
    await admin(backend, '/admin/faults', { dropNextResponse: '/register', login: 'ok' })

    const failed = await session.waitFor(['.success', '.message'])
    expect(failed.selector).toBe('.message')
    expect(failed.text).toContain('Network problem')
    expect(backend.faults.dropNextResponse).toBeNull() // it was used up, by the replay
    expect(await backend.store.getRegistration('dropped-response')).toBeDefined()
    expect((await backend.store.countRegistrations()) - registrations).toBe(1)
    expect(await session.attr('.nickname', 'value')).toBe('Carol')

    // The page reuses its idempotency key until it succeeds: the server answers from its record.
    await session.tap('.submit')
    await session.waitFor(['.success'])
    expect(await session.text('.success-name')).toBe('Carol')
    expect((await backend.store.countRegistrations()) - registrations).toBe(1)
    expect(await backend.store.getRegistration('dropped-response')).toMatchObject({ nickname: 'Carol', phone: '13800000003' })
  })
  it('registers when the user corrects a field the server refused: new content, new key, nothing replayed', async () => {
    const { backend } = app
    const session = await app.open('corrects-phone')
    await fillForm(session, 'Dan', '12345')
    await session.tap('.submit')
    const refused = await session.waitFor(['.success', '.message'])
    expect(refused.selector).toBe('.message')
    expect(await session.text('.field-error')).toContain('11 digits')

    await session.input('.phone', '13800000004')
    await session.tap('.submit')
    await session.waitFor(['.success'])
    expect(await backend.store.getRegistration('corrects-phone')).toMatchObject({ nickname: 'Dan', phone: '13800000004' })
  })
})
