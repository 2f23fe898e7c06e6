import { afterEach, describe, expect, it } from 'vitest'
import type { ReloginEvent } from '../../src/index'
import { setupClient, type ClientSetup } from '../support/setupClient'
import { settles, values } from '../support/settles'
import { until } from '../support/until'
import { openTab } from '../support/openTab'

let client: ClientSetup | undefined
afterEach(async () => {
  await client?.server.close()
  client = undefined
})

describe('H5 tabs share one session', () => {
  it("ends a tab's login in flight with the session another tab saved: its held requests replay with that token", async () => {
    client = await setupClient()
    await client.store.login()
    const events: ReloginEvent[] = []
    const { tab, storageChanged } = openTab(client, { onEvent: (event) => events.push(event) })

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
    expect(events.map((event) => event.type)).toEqual(['login:start', 'request:held', 'login:adopted', 'request:settled'])
  })

  it('logs a tab out when another one logs out', async () => {
    client = await setupClient()
    await client.store.login()
    const events: ReloginEvent[] = []
    const { tab, storageChanged } = openTab(client, { onEvent: (event) => events.push(event) })
    expect(tab.store.status).toBe('authenticated')

    client.store.logout()
    storageChanged()

    expect(tab.store.token).toBeNull()
    expect(tab.store.status).toBe('anonymous')
    expect(events.map((event) => event.type)).toEqual(['logout:adopted'])
  })
})
