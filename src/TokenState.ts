import type { RefreshInput } from './options'
import type { Obtained } from './runLogin'
import { dropSaved, readSaved, save } from './savedSession'
import type { SessionState } from './sessionState'

/**
 * The token the session holds: when it is due for renewal, whether the server rejected it, the
 * refresh token beside it, and its copy in storage. `Session` decides when each of these changes.
 */
export class TokenState<User> {
  /** When the token is due for renewal (epoch ms), or null when its lifetime is unknown. */
  private refreshAt: number | null = null
  /** The token the server last rejected: if the login meant to replace it fails, it is dropped. */
  rejected: string | null = null
  /** The last login failed (status `failed`, when no token is left). */
  failed = false
  // Not in `state`: no page needs it, and devtools need not show it.
  refreshToken: string | undefined

  constructor(
    readonly state: SessionState<User>,
    private readonly dueAt: () => ((expiresAt: number, lifetime: number) => number) | undefined,
  ) {}

  /** The token if it is not yet due for renewal, else null. */
  usable(): string | null {
    const { token } = this.state
    if (!token) return null
    return this.refreshAt === null || Date.now() < this.refreshAt ? token : null
  }

  /** The session that `refreshTokens()` renews, while a refresh token is held. */
  renewable(): RefreshInput<User> | undefined {
    const { refreshToken, state } = this
    return refreshToken ? { token: state.token, refreshToken, user: state.user } : undefined
  }

  /** Takes the session as saved in storage; false when it holds none. */
  restore(value: unknown): boolean {
    const saved = readSaved<User>(value)
    if (!saved) return false
    this.apply(saved.token, saved.user, saved.expiresAt, Infinity)
    // The refresh token rotates on use: the one this tab held may already be spent by the other.
    this.refreshToken = saved.refreshToken
    return true
  }

  /** A login's result becomes the session, in memory and in storage. */
  accept({ token, user, lifetime, refreshToken }: Obtained<User>, storageKey: string, keepsRefreshToken: boolean): void {
    const expiresAt = lifetime === null ? null : Date.now() + lifetime
    this.apply(token, user ?? null, expiresAt, lifetime ?? Infinity)
    this.rejected = null
    // Kept only with `refreshTokens()`: the session persists no more than it uses.
    this.refreshToken = keepsRefreshToken ? (refreshToken ?? this.refreshToken) : undefined
    save(storageKey, { token, user: user ?? null, expiresAt, refreshToken: this.refreshToken })
  }

  /**
   * A login did not bring a session. If the server had rejected the token it was to replace, that
   * token is dead and goes too. Otherwise it was a renewal ahead of expiry, and the token still
   * serves until it expires, rather than every request failing with this login meanwhile.
   */
  fail(storageKey: string): void {
    this.failed = true
    if (this.rejected !== null && this.state.token === this.rejected) {
      Object.assign(this.state, { token: null, expiresAt: null })
      this.refreshAt = null
      dropSaved(storageKey)
    } else if (this.state.token) {
      this.refreshAt = this.state.expiresAt
    }
    this.rejected = null
  }

  /** Holds nothing any more (a logout); the caller resets `state`. */
  clear(): void {
    this.refreshAt = null
    this.refreshToken = undefined
    this.rejected = null
    this.failed = false
  }

  private apply(token: string, user: User | null, expiresAt: number | null, lifetime: number): void {
    Object.assign(this.state, { token, user, expiresAt })
    this.failed = false
    const dueAt = this.dueAt()
    // A token known to have expired is never sent; renewBeforeExpiry() renews it sooner.
    this.refreshAt = expiresAt === null ? null : dueAt ? dueAt(expiresAt, lifetime) : expiresAt
  }
}
