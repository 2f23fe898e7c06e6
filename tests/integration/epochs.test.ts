import { retry } from '../../src/index'
import { reactive } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import type { LoginResult, ReloginEvent } from '../../src/index'
import { deferred, drain } from '../support/deferred'
import { holdResponses } from '../support/holdResponses'
import { openTab, SESSION_KEY } from '../support/openTab'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { codeOf, settles, values } from '../support/settles'
import { until } from '../support/until'

/*
 * A logout ends the session's epoch. What waits for that session then rejects with ERR_CANCELED,
 * what is in flight settles with its own response without logging in again, and nothing of the
 * ended epoch writes the session back. Dropping a dead token is not a logout.
 */
let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

/** A logged-in client whose events until() can watch. */
async function loggedIn(options: Parameters<typeof setupClient>[0] = {}) {
  const events = reactive<ReloginEvent['type'][]>([])
  client = await setupClient({ ...options, onEvent: (event) => events.push(event.type) })
  await client.store.login()
  return { ...client, events }
}

/** The token in storage, which the next launch would restore; null when it holds no session. */
function storedToken(setup: ClientSetup): string | null {
  const saved = setup.uni.getStorageSync(SESSION_KEY) as Partial<LoginResult> | ''
  return (saved && saved.token) || null
}

/** Logins started from now on. */
function loginsFrom(events: ReloginEvent['type'][]) {
  const start = events.length
  return () => events.slice(start).filter((type) => type === 'login:start').length
}

describe('logout sticks', () => {
  it('cancels a GET waiting out its Retry-After at once, and logs nobody in', async () => {
    const setup = await loggedIn({ features: [retry(1)] })
    const call = setup.api.get('/flaky/poll?fail=1&status=503&retryAfter=30').catch((error: unknown) => error)
    await until(() => setup.events.includes('request:retry'))
    const logins = loginsFrom(setup.events)
    setup.store.logout()
    const [outcome] = values(await settles([call]))
    expect(codeOf(outcome)).toBe('ERR_CANCELED')
    await drain()
    expect(logins()).toBe(0)
    expect(setup.store.token).toBeNull()
    expect(storedToken(setup)).toBeNull()
  })

  it("lets a request in flight at logout settle with its own 401, without logging in again; a public one goes on", async () => {
    const setup = await loggedIn()
    let first = true
    const held = holdResponses(setup.uni, (url) => url.includes('/public/') || (first && url.includes('/echo/poll') && !(first = false)))
    setup.server.expireAll()
    const poll = setup.api.get('/echo/poll').catch((error: unknown) => error)
    const open = setup.api.get('/public/echo', { auth: false })
    await held.arrivals(2)
    const logins = loginsFrom(setup.events)
    setup.store.logout()
    held.release()
    const [outcome, publicOutcome] = values(await settles([poll, open]))
    expect(publicOutcome).toEqual({ authorization: null })
    expect(codeOf(outcome)).toBe('ERR_CANCELED')
    await drain()
    expect(logins()).toBe(0)
    expect(setup.store.token).toBeNull()
    expect(storedToken(setup)).toBeNull()
  })

  it('a logout a few microtasks after the exchange resolved still wins', async () => {
    let logoutAfter = 0
    const later = (turns: number, then: () => void): void => (turns ? queueMicrotask(() => later(turns - 1, then)) : then())
    client = await setupClient({
      maxLoginsPerMinute: 0,
      exchange: async (code, http) => {
        const result = (await http.post('/login', { code })).data as LoginResult
        later(logoutAfter, () => client!.store.logout())
        return result
      },
    })
    // Wherever between the exchange and the end of the login run the logout lands, it sticks.
    const survived: number[] = []
    for (logoutAfter = 0; logoutAfter <= 12; logoutAfter++) {
      await client.store.login().catch(() => {})
      await drain()
      if (client.store.token !== null || storedToken(client) !== null) survived.push(logoutAfter)
    }
    expect(survived).toEqual([])
  })
})

describe('H5 tabs: dropping a dead token is not a logout', () => {
  it("keeps another tab's login in flight when this tab's login fails after its token was rejected", async () => {
    client = await setupClient()
    await client.store.login()
    const gate = deferred()
    const entered = deferred()
    const { tab, storageChanged } = openTab(client, {
      exchange: async (code, http) => {
        entered.resolve()
        await gate.promise
        return (await http.post('/login', { code })).data as LoginResult
      },
    })
    client.server.expireAll()
    // Tab B finds the token dead and starts its own login, which is slow…
    const held = tab.api.get('/echo/b')
    await entered.promise
    // …while tab A's login fails, and A drops the dead token from the shared storage.
    client.server.failNextLogins = 1
    expect(codeOf(await client.api.get('/echo/a').catch((error: unknown) => error))).toBe('ERR_LOGIN')
    storageChanged()
    gate.resolve()
    values(await settles([held]))
    expect(tab.store.status).toBe('authenticated')
  })
})
