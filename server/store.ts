/**
 * Everything the sample backend persists, behind one small interface so that a
 * multi-instance deployment can swap the SQLite file for a shared store
 * (Redis, Postgres, …) without touching the routes.
 *
 * All times are epoch milliseconds. Implementations must make
 * `registerOnce` and `saveIdempotent` atomic: concurrent callers with the same
 * key must end up with exactly one row.
 */
export interface Store {
  /** Returns the user id for an openid, creating the user on first sight. */
  ensureUser(openid: string): string

  /** Sessions are looked up by a hash of the token; the raw token is never stored. */
  createSession(session: SessionRecord): void
  findSession(tokenHash: string): SessionRecord | undefined
  /** Makes every session that is still valid expire at `now`; returns how many. */
  expireAllSessions(now: number): number

  getRegistration(openid: string): Registration | undefined
  /** Inserts the registration unless the openid already has one; returns the stored row. */
  registerOnce(openid: string, registration: Registration): Registration
  countRegistrations(): number

  /** Records that `openid` uploaded the content-addressed file `name`. */
  recordUpload(upload: UploadRecord): void
  findUpload(name: string): UploadRecord | undefined
  hasUploaded(openid: string, name: string): boolean

  getIdempotent(openid: string, key: string): IdempotencyRecord | undefined
  /** Stores the first response for (openid, key); a later call with the same key is ignored. */
  saveIdempotent(record: IdempotencyRecord): void

  close(): void
}

export interface SessionRecord {
  tokenHash: string
  openid: string
  userId: string
  createdAt: number
  expiresAt: number
}

export interface Registration {
  userId: string
  nickname: string
  phone: string
  avatarUrl: string
  /** ISO 8601 */
  registeredAt: string
}

export interface UploadRecord {
  /** `<sha256>.<ext>`, the file name under `<dataDir>/uploads/` */
  name: string
  openid: string
  sha256: string
  size: number
  mime: string
  createdAt: number
}

export interface IdempotencyRecord {
  openid: string
  key: string
  /** The request the key was first used for; reusing the key elsewhere is refused. */
  method: string
  path: string
  statusCode: number
  /** The serialized JSON response body, replayed verbatim. */
  body: string
  createdAt: number
}
