import { createHash } from 'node:crypto'

/**
 * A hash of a parsed JSON body in canonical form (object keys sorted at every
 * depth), so the same content fingerprints the same whatever order a client
 * serialized it in.
 */
export function fingerprint(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(body ?? null))).digest('base64url')
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value !== 'object' || value === null) return value
  const object = value as Record<string, unknown>
  return Object.fromEntries(Object.keys(object).sort().map((key) => [key, canonical(object[key])]))
}
