import { afterEach, describe, expect, it } from 'vitest'
import type { ReloginEvent } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { settles, values } from '../support/settles'
import { until } from '../support/until'

const KEY = 'uni-relogin:session'

let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

/**
 * A second H5 tab: another app instance over the same storage, whose page hears the `storage`
 * events a browser sends a tab when another one writes (the Node runtime has no tabs of its own).
 */
function openTab(first: ClientSetup, events: ReloginEvent[]) {
  const page = new EventTarget()
  const global = globalThis as { addEventListener?: EventTarget['addEventListener'] }
  global.addEventListener = page.addEventListener.bind(page)
  try {
    const tab = first.restart({ onEvent: (event) => events.push(event) })
    return { tab, storageChanged: () => page.dispatchEvent(Object.assign(new Event('storage'), { key: KEY })) }
  } finally {
    delete global.addEventListener
  }
}

describe('H5 tabs share one session', () => {
  it("ends a tab's login in flight with the session another tab saved: its held requests replay with that token", async () => {
    client = await setupClient()
    await client.store.login()
    const events: ReloginEvent[] = []
    const { tab, storageChanged } = openTab(client, events)

    client.uni.faults.loginHang = true
    const held = tab.api.get('/echo/held')
    void tab.store.login()
    await until(() => tab.store.status === 'logging-in' && client!.uni.calls.login === 2)
    client.uni.faults.loginHang = false
    const adopted = await client.store.login()
    storageChanged()

    values(await settles([held]))
    expect(tab.store.token).toBe(adopted)
    expect(tab.store.status).toBe('authenticated')
    expect(client.server.seen.at(-1)).toMatchObject({ token: adopted, valid: true })
    expect(client.uni.calls.login).toBe(3) // the first login, the tab's hung one, and the one adopted
    expect(events.map((event) => event.type)).toEqual(['login:start', 'request:held', 'login:adopted'])
  })

  it('logs a tab out when another one logs out', async () => {
    client = await setupClient()
    await client.store.login()
    const events: ReloginEvent[] = []
    const { tab, storageChanged } = openTab(client, events)
    expect(tab.store.status).toBe('authenticated')

    client.store.logout()
    storageChanged()

    expect(tab.store.token).toBeNull()
    expect(tab.store.status).toBe('anonymous')
    expect(events.map((event) => event.type)).toEqual(['logout:adopted'])
  })
})
