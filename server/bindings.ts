import { randomBytes } from 'node:crypto'

const TICKET_TTL_MS = 10 * 60_000

/**
 * The demo's "bind your phone first" step. Kept in memory: it exists to show an interactive
 * login, and a restart simply asks the user to bind again.
 */
export interface Bindings {
  /** A one-time ticket that lets the user who got it bind a phone. */
  issueTicket(openid: string): string
  /** The openid a ticket was issued to, once; undefined for a used, unknown or stale ticket. */
  redeem(ticket: string): string | undefined
  bind(openid: string, phone: string): void
  isBound(openid: string): boolean
}

export function createBindings(): Bindings {
  const tickets = new Map<string, { openid: string; expiresAt: number }>()
  const phones = new Map<string, string>()
  return {
    issueTicket(openid) {
      const ticket = randomBytes(16).toString('base64url')
      tickets.set(ticket, { openid, expiresAt: Date.now() + TICKET_TTL_MS })
      return ticket
    },
    redeem(ticket) {
      const entry = tickets.get(ticket)
      tickets.delete(ticket)
      return entry && entry.expiresAt > Date.now() ? entry.openid : undefined
    },
    bind: (openid, phone) => void phones.set(openid, phone),
    isBound: (openid) => phones.has(openid),
  }
}
