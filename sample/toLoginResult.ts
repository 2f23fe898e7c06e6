import type { LoginResult } from 'uni-relogin'

/** What the sample backend's login, refresh and phone-binding routes answer in `data`. */
export interface BackendSession {
  token: string
  userId: string
  expiresIn: number
  /** Single-use: the backend revokes the whole family if a spent one comes back. */
  refreshToken: string
}

/** The backend's session as the package wants it. */
export const toLoginResult = ({ token, expiresIn, refreshToken, userId }: BackendSession): LoginResult<{ userId: string }> => ({
  token,
  expiresIn,
  refreshToken,
  user: { userId },
})
