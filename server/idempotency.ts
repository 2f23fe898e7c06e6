import type { FastifyInstance } from 'fastify'
import { fingerprint } from './fingerprint.js'
import { Code, fail } from './result.js'
import type { Stats } from './stats.js'
import type { IdempotencyScope, Store } from './store.js'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const MAX_KEY_LENGTH = 200
/** A claim still unanswered after this long belongs to an instance that died mid-request; it may be taken over. */
const ABANDONED_AFTER_MS = 60_000
/** Refusals of the input itself: the action never ran, so (as Stripe does) nothing is stored. */
const REFUSED_BEFORE_ACTION = new Set<string>([Code.invalidInput, Code.tooLarge, Code.notAnImage])

declare module 'fastify' {
  interface FastifyRequest {
    /** Set while this request holds the claim on its `Idempotency-Key`; its answer will be stored. */
    idempotency: IdempotencyScope | null
  }
}

export interface IdempotencyOptions {
  store: Store
  stats: Stats
  ttlMs: number
  clock: () => number
}

/**
 * `Idempotency-Key` on authenticated JSON writes, after the IETF httpapi draft
 * "The Idempotency-Key HTTP Header Field" and Stripe's semantics:
 * - a key is scoped to its user, method and route, and bound to a fingerprint of the body;
 *   reused with another body it is refused with HTTP 422;
 * - a duplicate that arrives while the first request still runs gets HTTP 409 with
 *   `Retry-After: 1` at once (no waiting: it holds no connection or database slot);
 * - the first definitive answer is stored and replayed, marked `Idempotent-Replayed: true`;
 *   an answer given before the action ran (malformed body, invalid input, an expired token,
 *   which the auth hook answers before this hook) or a 5xx is not stored, so a corrected
 *   or later retry with the same key runs the action;
 * - records expire after `ttlMs`.
 * The claim is a row in the store, so every instance sharing the database honours it.
 * Multipart uploads are content-addressed, so a repeat is harmless by construction: the key is ignored there.
 * Must be installed after the auth hook (it needs the identity).
 */
export function installIdempotency(app: FastifyInstance, { store, stats, ttlMs, clock }: IdempotencyOptions): void {
  app.decorateRequest('idempotency', null)

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key']
    if (!request.identity || !MUTATING.has(request.method) || typeof key !== 'string' || request.isMultipart()) return
    if (key === '' || key.length > MAX_KEY_LENGTH) {
      return reply.send(fail(Code.invalidInput, 'invalid input', { fields: { idempotencyKey: `must be 1-${MAX_KEY_LENGTH} characters` } }))
    }

    // The route, not the raw URL: `/%72egister` reaches the same route, so it is the same scope.
    const scope = { openid: request.identity.openid, method: request.method, path: request.routeOptions.url!, key }
    const now = clock()
    const claim = { ...scope, fingerprint: fingerprint(request.body), createdAt: now, expiresAt: now + ttlMs }
    const existing = await store.claimIdempotency(claim, now - ABANDONED_AFTER_MS)
    if (!existing) {
      request.idempotency = scope
      stats.keyedRuns++
      return
    }
    if (existing.fingerprint !== claim.fingerprint) {
      return reply.code(422).send(fail(Code.idempotencyMismatch, 'Idempotency-Key was already used with a different request body'))
    }
    if (!existing.response) {
      return reply.code(409).header('retry-after', '1').send(fail(Code.idempotencyConflict, 'a request with this Idempotency-Key is still running'))
    }
    return reply
      .code(existing.response.statusCode)
      .type('application/json; charset=utf-8')
      .header('idempotent-replayed', 'true')
      .send(existing.response.body)
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const scope = request.idempotency
    if (scope === null) return payload
    request.idempotency = null
    if (typeof payload === 'string' && reply.statusCode < 400 && !REFUSED_BEFORE_ACTION.has(codeOf(payload))) {
      await store.finishIdempotency(scope, { statusCode: reply.statusCode, body: payload })
    } else {
      await store.releaseIdempotency(scope)
    }
    return payload
  })
}

const codeOf = (payload: string): string => {
  try {
    return String((JSON.parse(payload) as { code?: unknown }).code)
  } catch {
    return ''
  }
}
