/**
 * Six hex digits of a token's FNV-1a hash: enough to tell two tokens apart, too little to
 * recover one. Phones have no `crypto`, and this needs none.
 */
export function fingerprint(token: string | null | undefined): string {
  if (!token) return '—'
  let hash = 0x811c9dc5
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193)
  return `#${(hash >>> 0).toString(16).padStart(8, '0').slice(0, 6)}`
}
