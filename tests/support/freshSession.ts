import type { LoginResult } from '../../src/index'
import type { ClientSetup } from './setupClient'

/** A session the backend issued outside the client, as a page's login sheet would obtain it. */
export async function freshSession(setup: ClientSetup): Promise<LoginResult> {
  const { code } = (await (await fetch(`${setup.server.url}/dev/code`)).json()) as { code: string }
  const response = await fetch(`${setup.server.url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  })
  return (await response.json()) as LoginResult
}
