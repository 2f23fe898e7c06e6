import type { FastifyRequest } from 'fastify'
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitOptions } from '@fastify/rate-limit'
import type { Store } from './store.js'

const MINUTE = 60_000

/**
 * `@fastify/rate-limit`'s store, kept in the {@link Store} that every instance shares, so that
 * N instances behind a load balancer give a client one limit, not N of them. A key is a
 * limit's name and its subject (an IP or an openid), so every route's limit is a separate count.
 */
export function sharedRateLimitStore(store: Store, clock: () => number): FastifyRateLimitStoreCtor {
  return class SharedRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = clock()
      store.hit(key, now, timeWindow).then(
        ({ count, expiresAt }) => callback(null, { current: count, ttl: expiresAt - now }),
        (error: Error) => callback(error),
      )
    }

    child(): FastifyRateLimitStore {
      return this
    }
  }
}

/**
 * A route's `config.rateLimit`: `max` a minute per client IP (counted before anything runs) or
 * per user (counted once the auth hook has named them, before the body of an upload is read).
 * Past it, HTTP 429 `{ code: '001429', message }` with `Retry-After`.
 */
export function perMinute(name: string, max: number, by: 'ip' | 'user', what = name): { rateLimit: RateLimitOptions } {
  const subject = by === 'ip' ? (request: FastifyRequest) => request.ip : (request: FastifyRequest) => request.identity!.openid
  return {
    rateLimit: {
      max,
      timeWindow: MINUTE,
      hook: by === 'ip' ? 'onRequest' : 'preHandler',
      keyGenerator: (request) => `${name}:${subject(request)}`,
      errorResponseBuilder: (_request, { after }) => Object.assign(new Error(`too many ${what}, retry in ${after}`), { statusCode: 429 }),
    },
  }
}
