import { reactive } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type ReloginEvent, backgroundResume, renewBeforeExpiry, type Feature } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, settles, values } from '../support/settles'
import { until } from '../support/until'

let client: ClientSetup | undefined
afterEach(async () => {
  vi.useRealTimers()
  await client?.server.close()
  client = undefined
})

async function withEvents(options: Parameters<typeof setupClient>[0] & { renewal?: Feature } = {}, serverOptions?: Parameters<typeof setupClient>[1]) {
  // Reactive, so until() sees each event as it comes.
  const events = reactive<ReloginEvent['type'][]>([])
  // The background's features, as an app on WeChat would import them; `renewal` replaces the default one.
  const { renewal = renewBeforeExpiry(), ...rest } = options as typeof options & { renewal?: Feature }
  const features = [backgroundResume(), renewal]
  client = await setupClient({ ...rest, features, onEvent: (event) => events.push(event.type) }, serverOptions)
  await client.store.login()
  return { ...client, events }
}

describe('the app going to the background', () => {
  it('sends an interrupted submit once more after show, and it lands once with its idempotency key', async () => {
    const { api, server, uni, events } = await withEvents()
    server.delays.set('/echo/submit', 30_000)
    const submit = api.post('/echo/submit', { nickname: 'Ada' }, { idempotencyKey: 'form-1' })
    await server.whenArrived('/echo/submit')
    uni.hide()
    uni.interrupt()
    await until(() => events.includes('request:paused'))
    server.delays.delete('/echo/submit')
    uni.show()
    const [result] = values(await settles([submit]))
    expect(result).toMatchObject({ body: { nickname: 'Ada' }, idempotencyKey: 'form-1' })
    expect(events).toContain('request:resumed')
    expect(server.performed.get('form-1')).toBe(1)
  })

  it('fails an interrupted request that is not safe to repeat', async () => {
    const { api, server, uni } = await withEvents()
    server.delays.set('/echo/once', 30_000)
    const once = api.post('/echo/once', {}, { idempotencyKey: false }).catch((e: unknown) => e)
    await server.whenArrived('/echo/once')
    uni.hide()
    uni.interrupt()
    expect(codeOf(await once)).toBe('ERR_NETWORK')
  })

  it('sends a request made while hidden at once (an onHide save still works)', async () => {
    const { api, uni } = await withEvents()
    uni.hide()
    values(await settles([api.post('/echo/save', { draft: 1 })]))
  })

  it('never logs in while hidden: an expiry found then waits for show', async () => {
    const { api, server, uni, events } = await withEvents()
    const logins = uni.calls.login
    server.expireAll()
    uni.hide()
    const call = api.get('/echo/x')
    await until(() => events.includes('login:deferred'))
    expect(uni.calls.login).toBe(logins)
    uni.show()
    values(await settles([call]))
    expect(uni.calls.login).toBe(logins + 1)
  })

  it('renews a session that went stale in the background when the app comes back, before any request', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { uni, events } = await withEvents({}, { expiresIn: 600 })
    const logins = uni.calls.login
    uni.hide()
    vi.setSystemTime(Date.now() + 600_000)
    uni.show()
    await until(() => events.filter((type) => type === 'login:success').length === 2)
    expect(uni.calls.login).toBe(logins + 1)
  })

  it('leaves the session alone on show with renewBeforeExpiry({ onShow: false })', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { uni, store } = await withEvents({ renewal: renewBeforeExpiry({ onShow: false }) }, { expiresIn: 600 })
    uni.hide()
    vi.setSystemTime(Date.now() + 600_000)
    uni.show()
    expect(store.status).toBe('authenticated')
  })
})
