import { describe, expect, it } from 'vitest'
import { admin } from '../support/startBackend'
import { fillForm, useCompiledApp } from './compiledApp'

const app = useCompiledApp('login-sheet')
// The sheet is the page's child component; `>>>` reaches into it.
const sheet = (selector: string) => `.login-sheet-host >>> ${selector}`

describe('compiled mp-weixin app: interactive login', () => {
  it('shows the login sheet over the half-filled form and replays the submit once the user binds a phone', async () => {
    const { backend } = app
    const session = await app.open('needs-binding')
    await fillForm(session, 'Dana', '13800000004')
    const registrations = await backend.store.countRegistrations()

    await admin(backend, '/admin/expire-tokens', {})
    await admin(backend, '/admin/faults', { requireBinding: true })
    await session.tap('.submit')

    const prompt = await session.waitFor([sheet('.sheet-title'), '.message', '.success'])
    expect(prompt.selector).toBe(sheet('.sheet-title'))
    // Held, not sent: nothing was registered, and the form underneath is untouched.
    expect(await backend.store.getRegistration('needs-binding')).toBeUndefined()
    expect(await session.attr('.nickname', 'value')).toBe('Dana')

    await session.trigger(sheet('.bind-wechat'), 'getphonenumber', { code: 'wx-phone-code', errMsg: 'getPhoneNumber:ok' })
    await session.waitFor(['.success'])
    expect(await session.text('.success-name')).toBe('Dana')
    expect(await session.text(sheet('.sheet-title'))).toBeNull()
    expect(await session.attr('.phone', 'value')).toBe('13800000004')
    expect((await backend.store.countRegistrations()) - registrations).toBe(1)
    await admin(backend, '/admin/faults', { requireBinding: false })
  })

  it('rejects the held submit with a clear message when the user cancels, and keeps the form', async () => {
    const { backend } = app
    const session = await app.open('cancels-binding')
    await fillForm(session, 'Eve', '13800000005')

    await admin(backend, '/admin/expire-tokens', {})
    await admin(backend, '/admin/faults', { requireBinding: true })
    await session.tap('.submit')
    await session.waitFor([sheet('.sheet-title')])
    await session.tap(sheet('.bind-cancel'))

    const outcome = await session.waitFor(['.message', '.success'])
    expect(outcome.selector).toBe('.message')
    expect(outcome.text).toContain('Login canceled')
    expect(await session.attr('.nickname', 'value')).toBe('Eve')
    expect(await backend.store.getRegistration('cancels-binding')).toBeUndefined()
    await admin(backend, '/admin/faults', { requireBinding: false })
  })
})
