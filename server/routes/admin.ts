import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../context.js'
import { LOGIN_FAULTS, type LoginFault } from '../faults.js'
import { Code, fail, ok } from '../result.js'
import { resetStats } from '../stats.js'

interface FaultsBody {
  login?: LoginFault
  loginDelayMs?: number
  dropNextResponse?: string | null
  latencyMs?: number
  requireBinding?: boolean
}

const isDelay = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 60_000

/** Knobs for demos and tests, with no auth: mounted only in dev mode. */
export function adminRoutes(app: FastifyInstance, { store, stats, faults, options }: AppContext): void {
  app.post('/admin/expire-tokens', async () => ok({ expired: await store.expireAllTokens(options.clock()) }))

  app.post('/admin/faults', async (request) => {
    const body = (request.body ?? {}) as FaultsBody
    const fields: Record<string, string> = {}
    if (body.login !== undefined && !LOGIN_FAULTS.includes(body.login)) fields.login = `must be one of ${LOGIN_FAULTS.join(', ')}`
    if (body.loginDelayMs !== undefined && !isDelay(body.loginDelayMs)) fields.loginDelayMs = 'must be 0-60000'
    if (body.latencyMs !== undefined && !isDelay(body.latencyMs)) fields.latencyMs = 'must be 0-60000'
    if (body.requireBinding !== undefined && typeof body.requireBinding !== 'boolean') fields.requireBinding = 'must be a boolean'
    const drop = body.dropNextResponse
    if (drop !== undefined && drop !== null && (typeof drop !== 'string' || !drop.startsWith('/'))) {
      fields.dropNextResponse = 'must be a path such as /register, or null'
    }
    if (Object.keys(fields).length > 0) return fail(Code.invalidInput, 'invalid input', { fields })

    if (body.login !== undefined) faults.login = body.login
    if (body.loginDelayMs !== undefined) faults.loginDelayMs = body.loginDelayMs
    if (body.latencyMs !== undefined) faults.latencyMs = body.latencyMs
    if (body.requireBinding !== undefined) faults.requireBinding = body.requireBinding
    if (drop !== undefined) faults.dropNextResponse = drop || null
    return ok({ ...faults })
  })

  app.get('/admin/stats', async () =>
    ok({
      loginRequests: stats.loginRequests,
      logins: stats.logins,
      exchanges: stats.exchanges,
      keyedRuns: stats.keyedRuns,
      registrations: await store.countRegistrations(),
      inFlight: stats.inFlight,
      peakInFlight: stats.peakInFlight,
      recent: stats.recent,
    }),
  )

  app.post('/admin/stats/reset', async () => {
    resetStats(stats)
    return ok(null)
  })
}
