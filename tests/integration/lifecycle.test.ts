import type Request from 'luch-request'
import { effectScope } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LoginRequiredError, useLoginPrompt, type LoginResult, refreshTokens } from '../../src/index'
import { deferred, drain } from '../support/deferred'
import { freshSession } from '../support/freshSession'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, settles, values } from '../support/settles'
import { until } from '../support/until'
import { startWatchdog } from '../support/watchdog'

let client: ClientSetup | undefined
const scope = { current: effectScope() }
afterEach(async () => {
  vi.restoreAllMocks()
  scope.current.stop()
  scope.current = effectScope()
  await client?.server.close()
  client = undefined
})

/** A login sheet on the page: `useLoginPrompt()` live in an effect scope, as in a component's setup. */
const mountPrompt = <Detail = unknown>() => scope.current.run(() => useLoginPrompt<Detail>())!

/**
 * An exchange whose calls the test steers: each call waits for the test to say how it ends
 * ('ok' logs in for real, 'bind' demands an interactive login, an Error fails it).
 */
function steeredExchange() {
  const calls: Array<{ settle: ReturnType<typeof deferred<'ok' | 'bind' | Error>>; done: Promise<unknown> }> = []
  const entered = { next: deferred() }
  let auto: 'ok' | 'bind' | undefined
  const exchange = (code: string, http: Request) => {
    const settle = deferred<'ok' | 'bind' | Error>()
    if (auto) settle.resolve(auto)
    const done = settle.promise.then(async (how) => {
      if (how instanceof Error) throw how
      if (how === 'bind') throw new LoginRequiredError('bind your phone first', { ticket: code })
      return (await http.post('/login', { code })).data as LoginResult
    })
    calls.push({ settle, done })
    entered.next.resolve()
    return done
  }
  return {
    exchange,
    calls,
    /** From now on, calls end this way without waiting. */
    always(how: 'ok' | 'bind') {
      auto = how
    },
    async entered(n: number) {
      while (calls.length < n) {
        entered.next = deferred()
        await entered.next.promise
      }
    },
  }
}

describe('logout during a login', () => {
  it('the superseded login cannot clear the next login\'s interaction: complete() still replays the held request', async () => {
    const steer = steeredExchange()
    client = await setupClient({ exchange: steer.exchange })
    const prompt = mountPrompt()
    const first = client.api.get('/echo/a')
    await steer.entered(1)
    client.store.logout()
    expect(codeOf(await first.catch((e) => e))).toBe('ERR_CANCELED')

    steer.always('bind')
    const second = client.api.get('/echo/b')
    await until(() => prompt.visible.value)
    // The old login now ends, long after it was superseded.
    steer.calls[0]!.settle.resolve('ok')
    await steer.calls[0]!.done.catch(() => {})
    await drain()
    expect(prompt.visible.value).toBe(true)

    prompt.complete(await freshSession(client))
    values(await settles([second]))
    expect(client.store.status).toBe('authenticated')
  })

  it('a superseded login that asks for interaction changes nothing, and a burst past the 10-call limit still completes', async () => {
    const watchdog = startWatchdog()
    watchdog.label('lifecycle: stale interaction then a burst of 11')
    try {
      const steer = steeredExchange()
      client = await setupClient({ exchange: steer.exchange })
      mountPrompt()
      const first = client.api.get('/echo/a')
      await steer.entered(1)
      client.store.logout()
      await first.catch(() => {})

      steer.always('ok')
      await client.store.login()
      steer.calls[0]!.settle.resolve('bind')
      await steer.calls[0]!.done.catch(() => {})
      await drain()
      expect(client.store.status).toBe('authenticated')
      expect(client.store.interaction).toBeNull()

      const burst = Array.from({ length: 11 }, (_, i) => client!.api.get(`/echo/${i}`))
      expect(values(await settles(burst))).toHaveLength(11)
    } finally {
      watchdog.stop()
    }
  })

  it('a superseded refresh neither wipes the new refresh token nor logs the logged-out user in', async () => {
    const gate = deferred<void>()
    let gated = true
    const refreshEntered = deferred()
    const refresh = refreshTokens(async ({ refreshToken }, http) => {
      if (gated) {
        gated = false
        refreshEntered.resolve()
        await gate.promise
        throw new Error('refresh refused')
      }
      return (await http.post('/refresh', { refreshToken })).data as LoginResult
    })
    client = await setupClient({ features: [refresh] })
    const { api, server, store, uni } = client
    await store.login()
    server.expireAll()
    const first = api.get('/echo/a')
    await refreshEntered.promise
    store.logout()
    await first.catch(() => {})
    await store.login()
    const logins = { code: uni.calls.login, exchanges: server.exchanges }

    gate.resolve()
    await drain()
    expect(uni.calls.login).toBe(logins.code)
    expect(server.exchanges).toBe(logins.exchanges)
    // The new session's refresh token survived: the next expiry is renewed without uni.login.
    server.expireAll()
    values(await settles([api.get('/echo/b')]))
    expect(server.refreshes).toBe(1)
    expect(uni.calls.login).toBe(logins.code)
  })
})

/** A backend that always wants the user to act (bind a phone). */
async function needsBinding(options: Parameters<typeof setupClient>[0] = {}) {
  const steer = steeredExchange()
  steer.always('bind')
  client = await setupClient({ ...options, exchange: steer.exchange })
  return client
}

/** A request held by an interactive login, with the page's sheet up. */
async function heldBySheet(setup: ClientSetup) {
  const prompt = mountPrompt()
  const held = setup.api.get('/echo/a')
  await until(() => prompt.visible.value)
  return { prompt, held: held.catch((e: unknown) => e) }
}

describe('interactive login needs a sheet on the page', () => {
  it('rejects at once with ERR_LOGIN_REQUIRED and the detail when no useLoginPrompt() is live', async () => {
    client = await needsBinding()
    const [error] = (await settles([client.api.get('/echo/profile')])).map((r) => (r as PromiseRejectedResult).reason)
    expect(codeOf(error)).toBe('ERR_LOGIN_REQUIRED')
    expect((error as { detail: { ticket: string } }).detail.ticket).toMatch(/^[0-9a-f]+$/)
    expect(client.store.status).toBe('failed')
  })

  it('counts a prompt as live only while its effect scope is', async () => {
    const { prompt, held } = await heldBySheet(await needsBinding())
    prompt.cancel()
    expect(codeOf(await held)).toBe('ERR_LOGIN_CANCELED')

    scope.current.stop()
    const [error] = (await settles([client!.api.get('/echo/b')])).map((r) => (r as PromiseRejectedResult).reason)
    expect(codeOf(error)).toBe('ERR_LOGIN_REQUIRED')
  })

  it('rejects the held requests with ERR_LOGIN_REQUIRED when the last sheet leaves the page mid-wait', async () => {
    const { held } = await heldBySheet(await needsBinding())
    scope.current.stop()
    expect(codeOf(await held)).toBe('ERR_LOGIN_REQUIRED')
    expect(client!.store.status).toBe('failed')
  })

  it('bounds the wait for a person with interactionTimeout', async () => {
    const { prompt, held } = await heldBySheet(await needsBinding({ interactionTimeout: 50 }))
    expect(codeOf(await held)).toBe('ERR_LOGIN_CANCELED')
    expect(prompt.visible.value).toBe(false)
  })

  it('a stale handle is a harmless no-op with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { prompt, held } = await heldBySheet(await needsBinding())
    client!.store.logout()
    expect(codeOf(await held)).toBe('ERR_CANCELED')
    expect(() => prompt.complete({ token: 'late' })).not.toThrow()
    expect(() => prompt.cancel()).not.toThrow()
    expect(client!.store.token).toBeNull()
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[uni-relogin]'))
  })
})

describe('logout', () => {
  it('sticks even when removing the stored session throws', async () => {
    client = await setupClient()
    await client.store.login()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.spyOn(client.uni, 'removeStorageSync').mockImplementation(() => {
      throw new Error('removeStorageSync:fail device storage broken')
    })
    client.store.logout()
    const next = client.restart()
    expect(next.store.token).toBeNull()
    expect(next.store.status).toBe('anonymous')
  })
})
