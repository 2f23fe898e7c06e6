import type { FastifyInstance } from 'fastify'
import type { Store } from './store.js'
import { Code, fail } from './result.js'
import { pathOf } from './pathOf.js'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const MAX_KEY_LENGTH = 200

declare module 'fastify' {
  interface FastifyRequest {
    /** Set while this request owns an `Idempotency-Key`; its response will be stored. */
    idempotencyKey: string | null
  }
}

/**
 * `Idempotency-Key` on authenticated writes: the first response for
 * (user, key) is stored and replayed verbatim to every later request with that
 * key, so a client replaying a request whose response was lost cannot, say,
 * register twice. Must be installed after the auth hook (it needs the identity;
 * expiry answers never reach it, so they are never stored).
 */
export function installIdempotency(app: FastifyInstance, store: Store): void {
  // Requests with the same key that arrive while the first still runs wait for its stored result.
  const running = new Map<string, Promise<void>>()

  app.decorateRequest('idempotencyKey', null)

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key']
    if (!request.identity || !MUTATING.has(request.method) || typeof key !== 'string') return
    if (key === '' || key.length > MAX_KEY_LENGTH) {
      return reply.send(fail(Code.invalidInput, 'invalid input', { fields: { idempotencyKey: `must be 1-${MAX_KEY_LENGTH} characters` } }))
    }

    const { openid } = request.identity
    const slot = `${openid}\n${key}`
    for (let first = running.get(slot); first; first = running.get(slot)) await first

    const stored = store.getIdempotent(openid, key)
    if (stored) {
      if (stored.method !== request.method || stored.path !== pathOf(request.url)) {
        return reply.send(fail(Code.idempotencyConflict, 'Idempotency-Key was already used for a different request'))
      }
      return reply.code(stored.statusCode).type('application/json; charset=utf-8').header('idempotent-replayed', 'true').send(stored.body)
    }

    let release!: () => void
    running.set(slot, new Promise<void>((resolve) => (release = resolve)))
    request.idempotencyKey = key
    // 'close' fires however the request ends, including an error before onSend.
    reply.raw.once('close', () => {
      running.delete(slot)
      release()
    })
  })

  app.addHook('onSend', async (request, reply, payload) => {
    // 5xx answers are not definitive: a retry with the same key should run the action again.
    if (request.idempotencyKey === null || reply.statusCode >= 500 || typeof payload !== 'string') return payload
    store.saveIdempotent({
      openid: request.identity!.openid,
      key: request.idempotencyKey,
      method: request.method,
      path: pathOf(request.url),
      statusCode: reply.statusCode,
      body: payload,
      createdAt: Date.now(),
    })
    return payload
  })
}
