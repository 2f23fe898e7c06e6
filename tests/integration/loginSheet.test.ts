import { afterEach, describe, expect, it } from 'vitest'
import { LoginRequiredError, type LoginResult, refreshTokens } from '../../src/index'
import { freshSession } from '../support/freshSession'
import { mountPrompt } from '../support/mountPrompt'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, settles, values } from '../support/settles'
import { until } from '../support/until'

/*
 * A login that needs the person reaches the page's sheet, wherever the need is found (getCode,
 * refresh or exchange), and no earlier answer of a person, or a page without a sheet, keeps the
 * next login from asking: the cool-down is for failures of the platform or the backend.
 */
let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

const bindPhone = () => new LoginRequiredError('bind your phone first', { ticket: 'T-1' })

/**
 * Sends a GET and waits until it is held for the person, or has already settled. A sheet that asks
 * is answered at once with `session`. Returns whether the person was asked, with what detail, and
 * how the GET ended.
 */
async function askedFor(setup: ClientSetup, session: LoginResult) {
  const outcome = setup.api.get('/echo/next').catch((error: unknown) => error)
  await Promise.race([outcome, until(() => setup.store.status === 'needs-interaction')])
  const asked = setup.store.status === 'needs-interaction'
  const detail = setup.store.interaction
  if (asked) setup.store.completeLogin(session)
  const [ended] = values(await settles([outcome]))
  // A rejection by its code, so that a failure shows it next to `asked`.
  return { asked, detail, outcome: codeOf(ended) }
}

describe('the cool-down is for failures of the platform or the backend', () => {
  const endings = {
    'no sheet on the page': async (setup: ClientSetup) => {
      expect(codeOf(await setup.api.get('/echo/first').catch((error: unknown) => error))).toBe('ERR_LOGIN_REQUIRED')
      mountPrompt()
    },
    'the person cancels': async (setup: ClientSetup) => {
      const prompt = mountPrompt()
      const first = setup.api.get('/echo/first').catch((error: unknown) => error)
      await until(() => prompt.visible.value)
      prompt.cancel()
      expect(codeOf(await first)).toBe('ERR_LOGIN_CANCELED')
    },
    'the interaction times out': async (setup: ClientSetup) => {
      mountPrompt()
      expect(codeOf(await setup.api.get('/echo/first').catch((error: unknown) => error))).toBe('ERR_LOGIN_CANCELED')
    },
  }

  it.each(Object.keys(endings) as Array<keyof typeof endings>)('asks the person at the next login after %s', async (ending) => {
    client = await setupClient({
      loginCooldown: 60_000,
      interactionTimeout: ending === 'the interaction times out' ? 200 : 0,
      exchange: async () => {
        throw bindPhone()
      },
    })
    await endings[ending](client)
    const { asked, outcome } = await askedFor(client, await freshSession(client))
    expect({ asked, outcome }).toMatchObject({ asked: true, outcome: { path: '/echo/next' } })
  })
})

describe('LoginRequiredError from getCode or refresh behaves as one from exchange', () => {
  const fromGetCode = () =>
    setupClient({
      getCode: async () => {
        throw bindPhone()
      },
    })

  it('opens the sheet when getCode throws it, and completing the sheet replays the request', async () => {
    client = await fromGetCode()
    mountPrompt()
    const { asked, detail, outcome } = await askedFor(client, await freshSession(client))
    expect({ asked, detail, outcome }).toMatchObject({ asked: true, detail: { ticket: 'T-1' }, outcome: { path: '/echo/next' } })
  })

  it('rejects with ERR_LOGIN_REQUIRED and the detail when getCode throws it and no sheet is on the page', async () => {
    client = await fromGetCode()
    const error = await client.api.get('/echo/next').catch((reason: unknown) => reason)
    expect(codeOf(error)).toBe('ERR_LOGIN_REQUIRED')
    expect(error).toMatchObject({ detail: { ticket: 'T-1' } })
  })

  it('opens the sheet when refresh throws it, instead of a silent login', async () => {
    client = await setupClient({
      features: [
        refreshTokens(async () => {
          throw bindPhone()
        }),
      ],
    })
    await client.store.login()
    client.server.expireAll()
    mountPrompt()
    const { asked, outcome } = await askedFor(client, await freshSession(client))
    expect({ asked, outcome }).toMatchObject({ asked: true, outcome: { path: '/echo/next' } })
    expect(client.server.exchanges).toBe(1 + 1) // the first login, and the sheet's own
  })
})
