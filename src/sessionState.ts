import type { Feature } from './Feature'
import type { ReloginEventBody } from './errors'
import type { LoginResult } from './options'

/** The session's states; the machine that moves between them is `Session` (src/Session.ts). */
export type AuthStatus = 'anonymous' | 'logging-in' | 'authenticated' | 'failed' | 'needs-interaction'

/** The session's state. The pinia store passes a reactive object; anything else works too. */
export interface SessionState<User = unknown> {
  token: string | null
  user: User | null
  /** Epoch ms, or null when the backend gave no lifetime. */
  expiresAt: number | null
  status: AuthStatus
  /** `LoginRequiredError.detail` while `status` is `'needs-interaction'`, else null. */
  interaction: unknown
}

/** @internal What the session needs from the resolved options. */
export interface SessionConfig<User = unknown> {
  getCode(): Promise<string>
  exchange(code: string): Promise<LoginResult<User>>
  storageKey: string
  loginTimeout: number
  interactionTimeout: number
  loginCooldown: number
  maxLoginsPerMinute: number
  /** The features' wrappers of a login's first step, outermost first. */
  steps: NonNullable<Feature['login']>[]
  /** When a token is due for renewal (`renewBeforeExpiry()`); without it, only the server's rejection renews. */
  dueAt?: Feature['dueAt']
  /** Keep the refresh token that login results carry (`refreshTokens()`). */
  refreshes: boolean
  /** Never throws: `resolveOptions` isolates the user's listener. */
  onEvent(event: ReloginEventBody): void
}

export const initialState = <User>(): SessionState<User> => ({
  token: null,
  user: null,
  expiresAt: null,
  status: 'anonymous',
  interaction: null,
})

