import { writeStorage } from './platform'

/** The session as kept in storage, for the next launch and for the other tabs (H5). */
export interface Saved<User> {
  token: string
  user: User | null
  expiresAt: number | null
  refreshToken?: string
}

/** @internal Reads a saved session; null when `value` holds none (nothing, a logout, a dropped token). */
export function readSaved<User>(value: unknown): Saved<User> | null {
  const saved = value as Partial<Record<keyof Saved<User>, unknown>> | null | undefined
  if (!saved || typeof saved.token !== 'string' || !saved.token) return null
  return {
    token: saved.token,
    user: (saved.user ?? null) as User | null,
    expiresAt: typeof saved.expiresAt === 'number' ? saved.expiresAt : null,
    refreshToken: typeof saved.refreshToken === 'string' ? saved.refreshToken : undefined,
  }
}

/** @internal Saves a session; the refresh token only when there is one. */
export function save<User>(key: string, { refreshToken, ...session }: Saved<User>): void {
  writeStorage(key, refreshToken ? { ...session, refreshToken } : session)
}

/**
 * @internal What storage holds after a failed login dropped the token the server had rejected.
 * It is not a logout (which erases the key): the other tabs keep their own login in flight, and a
 * cold start finds no session in it.
 */
export function dropSaved(key: string): void {
  writeStorage(key, { dropped: true })
}

/** @internal Whether `value` is what `dropSaved` wrote. */
export function isDropped(value: unknown): boolean {
  return (value as { dropped?: unknown } | null)?.dropped === true
}
