import type { CustomInspectorState } from '@vue/devtools-api'
import { isRef, toRaw } from 'vue'
import { fingerprint } from './fingerprint'

/**
 * Replaces `secret` in another inspector's fields (pinia's) by its fingerprint, in copies: the state
 * shown there is the live state.
 */
export function hideIn(state: CustomInspectorState, secret: string): void {
  for (const fields of Object.values(state ?? {})) {
    for (const field of fields) {
      const shown = hiding(field.value, secret)
      if (shown === field.value) continue
      field.value = shown
      // An edit of the copy would go nowhere.
      field.editable = false
    }
  }
}

function hiding(value: unknown, secret: string, depth = 0): unknown {
  if (value === secret) return fingerprint(secret)
  if (depth > 4 || typeof value !== 'object' || value === null) return value
  // pinia's root keeps a setup store's state as its refs.
  if (isRef(value)) {
    const shown = hiding(value.value, secret, depth + 1)
    return shown === value.value ? value : shown
  }
  const raw = toRaw(value)
  if (Array.isArray(raw)) {
    const items = raw.map((item) => hiding(item, secret, depth + 1))
    return items.some((item, i) => item !== raw[i]) ? items : value
  }
  if (Object.getPrototypeOf(raw) !== Object.prototype) return value
  const entries = Object.entries(raw).map(([key, item]) => [key, hiding(item, secret, depth + 1)] as const)
  return entries.some(([key, item]) => item !== (raw as Record<string, unknown>)[key]) ? Object.fromEntries(entries) : value
}
