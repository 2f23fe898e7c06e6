import { createServer, type RunningServer } from '../../../server/createServer'
import type { ServerOptions } from '../../../server/options'

export type Backend = RunningServer

/**
 * The sample backend in dev mode (fake WeChat, /dev and /admin routes), in this process so a test can read its `store`, `stats` and flip its `faults`
 * directly: a random port and a throwaway data dir unless told otherwise. The token lifetime is long,
 * so only a test's own `expire-tokens` causes a re-login (no proactive refresh in the middle of a test).
 */
export function startBackend(options: ServerOptions = {}): Promise<Backend> {
  return createServer({ dev: true, port: 0, tokenTtlSeconds: 600, ...options })
}

/** `POST /admin/…` or `GET /admin/…` over real HTTP, as a person driving the demo would; resolves `data`. */
export async function admin<T = unknown>(backend: Backend, path: string, body?: object): Promise<T> {
  const response = await fetch(`${backend.url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  })
  const envelope = (await response.json()) as { code: string; data: T }
  if (envelope.code !== '000000') throw new Error(`${path} answered ${JSON.stringify(envelope)}`)
  return envelope.data
}
