import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LATENCY } from '../config'

/**
 * The one backend every contender talks to (node:http on 127.0.0.1, fresh per run, so nothing
 * leaks between runs). Routes:
 * - `GET /dev/code` — what `wx.login` fetches: a one-time code, after `codeMs`.
 * - `POST /login {code}` — the exchange, after `loginMs`: `{ code: '000000', data: { token } }`, or a 500.
 * - `ANY /api/item/:i` — authenticated, after `requestMs`: `{ code: '000000', echo: i }`, or HTTP 401
 *   with the seed's business code `{ code: '001101' }`, so every contender's own expiry test
 *   (status or body code) recognises it.
 * - `ANY /api/hold/:i` — the same, but held until the harness calls `release()` (afterwards, as `item`).
 *
 * The token is checked when the answer is produced (after the delay), so a request in flight when
 * the tokens expire comes back 401, as it does when a real backend verifies late. Tokens are
 * accepted as `Authorization: Bearer …` or as a `token` field in the body/query (the seed wrapper's way).
 * Every issued token stays valid until `expireAll()` (a multi-session backend: the kindest to
 * clients that log in more than once).
 */
export async function startBenchServer() {
  const codes = new Set<string>()
  const valid = new Set<string>()
  const stats = { logins: 0, stale: 0, api: 0, inFlight: 0, maxInFlight: 0 }
  let loginFails = false
  let held: Array<() => void> | null = []
  let onHeld = () => {}

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => route(req, res, Buffer.concat(chunks).toString('utf8')))
  })

  function route(req: IncomingMessage, res: ServerResponse, body: string) {
    const [path = '', query = ''] = (req.url ?? '').split('?', 2)
    if (path === '/dev/code') return later(LATENCY.codeMs, () => send(res, 200, { code: issueCode() }))
    if (path === '/login') return login(res, parse(body))
    const match = /^\/api\/(item|hold)\/(\d+)$/.exec(path)
    if (!match) return send(res, 404, { code: '404000' })
    stats.api++
    stats.inFlight++
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
    const token = tokenOf(req, parse(body), query)
    const answer = () => {
      stats.inFlight--
      if (token !== null && valid.has(token)) return send(res, 200, { code: '000000', echo: Number(match[2]) })
      stats.stale++
      send(res, 401, { code: '001101', message: 'token expired' })
    }
    if (match[1] === 'item' || !held) return later(LATENCY.requestMs, answer)
    held.push(answer)
    onHeld()
  }

  function login(res: ServerResponse, body: Record<string, unknown>) {
    stats.logins++
    later(LATENCY.loginMs, () => {
      if (loginFails) return send(res, 500, { code: '500000', message: 'login failed' })
      if (typeof body.code !== 'string' || !codes.delete(body.code)) return send(res, 400, { code: '400000', message: 'bad code' })
      const token = randomBytes(12).toString('base64url')
      valid.add(token)
      send(res, 200, { code: '000000', data: { token, userId: 'u1' } })
    })
  }

  function issueCode() {
    const code = randomBytes(8).toString('hex')
    codes.add(code)
    return code
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    expireAll: () => valid.clear(),
    setLoginFails: (fails: boolean) => void (loginFails = fails),
    /** Resolves once `count` requests are being held. */
    whenHeld: (count: number) =>
      new Promise<void>((resolve) => {
        onHeld = () => (held?.length ?? 0) >= count && resolve()
        onHeld()
      }),
    /** Answers every held request now, checking its token as it stands now; holds no more. */
    release() {
      const answers = held ?? []
      held = null
      answers.forEach((answer) => answer())
    },
    resetStats: () => Object.assign(stats, { logins: 0, stale: 0, api: 0, maxInFlight: stats.inFlight }),
    /** Drops every open connection: whatever a dead run still has in flight fails at once. */
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

export type BenchServer = Awaited<ReturnType<typeof startBenchServer>>

function later(ms: number, run: () => void) {
  setTimeout(run, ms)
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.destroyed) return
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

function parse(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function tokenOf(req: IncomingMessage, body: Record<string, unknown>, query: string): string | null {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
  if (bearer) return bearer
  if (typeof body.token === 'string' && body.token) return body.token
  return new URLSearchParams(query).get('token') || null
}
