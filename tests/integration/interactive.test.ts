import { afterEach, describe, expect, it } from 'vitest'
import { LoginRequiredError } from '../../src/index'
import { freshSession } from '../support/freshSession'
import { mountPrompt } from '../support/mountPrompt'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { reasons, settles, values } from '../support/settles'
import { drain } from '../support/deferred'
import { until } from '../support/until'

let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

/** A backend that refuses silent login until the user binds a phone: the exchange says so. */
async function needsBinding() {
  client = await setupClient({
    exchange: async (code) => {
      throw new LoginRequiredError('bind your phone first', { ticket: code })
    },
  })
  return client
}

const untilPrompted = (setup: ClientSetup) => until(() => setup.store.status === 'needs-interaction')

describe('interactive login', () => {
  it('holds requests while the user acts, then replays them with the session the user completed', async () => {
    const setup = await needsBinding()
    const prompt = mountPrompt<{ ticket: string }>()
    const held = [setup.api.post<{ body: unknown }>('/echo/register', { nickname: 'Ada' }), setup.api.get('/echo/profile')]
    await untilPrompted(setup)
    expect(prompt.visible.value).toBe(true)
    expect(prompt.detail.value?.ticket).toMatch(/^[0-9a-f]+$/)
    // Nothing went out while the sheet was open.
    await drain()
    expect(setup.uni.calls.request).toBe(0)

    prompt.complete(await freshSession(setup))
    const [register] = values(await settles(held))
    expect(register).toMatchObject({ body: { nickname: 'Ada' } })
    expect(prompt.visible.value).toBe(false)
    expect(setup.store.status).toBe('authenticated')
    expect(setup.server.seen.every((s) => s.valid)).toBe(true)
  })

  it('rejects every held request with ERR_LOGIN_CANCELED when the user cancels, and can prompt again', async () => {
    const setup = await needsBinding()
    const prompt = mountPrompt()
    const held = Array.from({ length: 3 }, () => setup.api.get('/echo/x'))
    await untilPrompted(setup)
    prompt.cancel()
    expect(reasons(await settles(held)).map((e) => (e as { code: string }).code)).toEqual(Array(3).fill('ERR_LOGIN_CANCELED'))
    expect(setup.store.status).toBe('failed')

    const again = setup.api.get('/echo/y')
    await untilPrompted(setup)
    prompt.complete(await freshSession(setup))
    values(await settles([again]))
  })
})
