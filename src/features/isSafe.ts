import type { Config } from '../createHttp'

/** The methods safe to send again by default. */
export const SAFE_METHODS = ['GET', 'HEAD']

/**
 * @internal Whether an attempt may be sent again: its method is one of `methods` (a download is a
 * GET), or it carries an idempotency key, which makes a POST safe to repeat.
 */
export function isSafe(config: Config, methods: string[]): boolean {
  const { record, idempotencyKey } = config.custom
  if (record.key !== undefined || typeof idempotencyKey === 'string') return true
  // luch-request names a download's GET 'DOWNLOAD'.
  return methods.includes(config.method === 'DOWNLOAD' ? 'GET' : config.method!)
}
