import type { FastifyInstance } from 'fastify'
import { setTimeout as sleep } from 'node:timers/promises'
import { pathOf } from './pathOf.js'

export const LOGIN_FAULTS = ['ok', 'down', 'error500', 'bad-body', 'slow'] as const
export type LoginFault = (typeof LOGIN_FAULTS)[number]

/** Failures a demo or test can switch on through `POST /admin/faults`. */
export interface Faults {
  /**
   * How the login route misbehaves until set back to `'ok'`:
   * `down` destroys the socket unanswered, `error500` answers HTTP 500,
   * `bad-body` answers HTTP 200 with an HTML page instead of JSON,
   * `slow` waits `loginDelayMs` and then logs in normally.
   */
  login: LoginFault
  loginDelayMs: number
  /** The path whose next response is dropped after its action ran (and was stored). */
  dropNextResponse: string | null
  /** Added to every client request (not admin, dev or fake-WeChat), to make concurrency observable. */
  latencyMs: number
  /** Login answers 001103 ("bind your phone first") for users who have not bound a phone yet. */
  requireBinding: boolean
}

export function createFaults(): Faults {
  return { login: 'ok', loginDelayMs: 1000, dropNextResponse: null, latencyMs: 0, requireBinding: false }
}

const isExempt = (path: string) => /^\/(admin|dev|fake-wx)\//.test(path)

/**
 * Installs the route-independent faults. Must be installed after the
 * idempotency hooks: the `onSend` drop runs once the response is stored,
 * which is what makes "the action ran but the reply was lost" observable.
 */
export function installFaults(app: FastifyInstance, faults: Faults): void {
  app.addHook('onRequest', async (request) => {
    if (faults.latencyMs > 0 && !isExempt(pathOf(request.url))) await sleep(faults.latencyMs)
  })

  app.addHook('onSend', async (request, _reply, payload) => {
    if (faults.dropNextResponse !== pathOf(request.url)) return payload
    faults.dropNextResponse = null
    request.log.info('response dropped by the dropNextResponse fault')
    // The client sees a reset connection with no response, as after a mobile network drop.
    request.raw.socket.destroy()
    return payload
  })
}
