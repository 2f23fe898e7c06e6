import type { FastifyInstance } from 'fastify'
import { pathOf } from './pathOf.js'

export type TokenState = 'valid' | 'expired' | 'unknown' | 'missing'

/** One authenticated request, as seen by the auth hook; the token itself is never kept. */
export interface AuthLogEntry {
  method: string
  path: string
  tokenState: TokenState
}

export interface Stats {
  /** Requests to the login route, whatever their outcome. */
  loginRequests: number
  /** Logins that answered a token. */
  logins: number
  /** code2session calls made (WeChat rate-limits these per user). */
  exchanges: number
  /** Writes with an `Idempotency-Key` whose action ran (a replay or a 409 does not count). */
  keyedRuns: number
  /** The last 200 authenticated requests, newest last. */
  recent: AuthLogEntry[]
  /** Client requests being served right now (admin and fake-WeChat traffic excluded). */
  inFlight: number
  peakInFlight: number
}

const RECENT_LIMIT = 200

export function createStats(): Stats {
  return { loginRequests: 0, logins: 0, exchanges: 0, keyedRuns: 0, recent: [], inFlight: 0, peakInFlight: 0 }
}

/** Zeroes the counters between test cases; requests still in flight stay counted. */
export function resetStats(stats: Stats): void {
  Object.assign(stats, { loginRequests: 0, logins: 0, exchanges: 0, keyedRuns: 0, recent: [], peakInFlight: stats.inFlight })
}

export function recordAuth(stats: Stats, entry: AuthLogEntry): void {
  stats.recent.push(entry)
  if (stats.recent.length > RECENT_LIMIT) stats.recent.shift()
}

/**
 * Counts concurrent client requests, so a test can check that a client never
 * has more than WeChat's 10 requests open at once. The count drops on the raw
 * response's `close`, which fires for finished, aborted and dropped responses alike.
 */
export function trackInFlight(app: FastifyInstance, stats: Stats): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url)
    if (path.startsWith('/admin/') || path.startsWith('/fake-wx/')) return
    stats.inFlight++
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight)
    reply.raw.once('close', () => {
      stats.inFlight--
    })
  })
}
