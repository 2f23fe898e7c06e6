/**
 * Everything the sample backend persists, behind one async interface with two
 * implementations: SQLite (one machine, nothing to set up) and PostgreSQL
 * (any number of instances sharing one database).
 *
 * All times are epoch milliseconds. Every "exactly once" here (`ensureUser`,
 * `registerOnce`, `claimIdempotency`, `spendRefreshToken`) must be enforced by
 * the database itself (unique keys, `INSERT … ON CONFLICT`, row locks), never by
 * process memory: a second instance does not share this process's memory.
 */
export interface Store {
  /** Returns the user id for an openid, creating the user on first sight. */
  ensureUser(openid: string): Promise<string>

  /** Sessions are looked up by a hash of the token; the raw token is never stored. */
  createSession(session: SessionRecord): Promise<void>
  findSession(tokenHash: string): Promise<SessionRecord | undefined>
  /** Makes every session and refresh token that is still valid expire at `now`; returns how many sessions. */
  expireAllTokens(now: number): Promise<number>

  /** Stored by hash, like sessions. */
  createRefreshToken(token: RefreshTokenRecord): Promise<void>
  /**
   * Spends a refresh token, once. Spending one that was already spent is a
   * replay by someone holding a stolen copy, so the whole family is revoked:
   * its refresh tokens and the sessions issued from it.
   */
  spendRefreshToken(tokenHash: string, now: number): Promise<RefreshOutcome>

  getRegistration(openid: string): Promise<Registration | undefined>
  /** Inserts the registration unless the openid already has one; returns the stored row. */
  registerOnce(openid: string, registration: Registration): Promise<Registration>
  countRegistrations(): Promise<number>

  /** Stores the content-addressed file `name` (once) and that `openid` uploaded it. */
  saveUpload(upload: UploadRecord, bytes: Buffer): Promise<void>
  findUpload(name: string): Promise<UploadRecord | undefined>
  readUpload(name: string): Promise<Buffer | undefined>
  hasUploaded(openid: string, name: string): Promise<boolean>

  /**
   * Claims `(openid, method, path, key)` for a request about to run. Resolves
   * `undefined` when this caller won the claim and must run the action;
   * otherwise the record already there (its `response` is undefined while the
   * first request still runs). An expired record, or a claim left unanswered
   * since before `staleBefore` (its instance died), is taken over.
   */
  claimIdempotency(claim: IdempotencyClaim, staleBefore: number): Promise<IdempotencyRecord | undefined>
  /** Stores the response of a claimed request, to be replayed until the record expires. */
  finishIdempotency(scope: IdempotencyScope, response: StoredResponse): Promise<void>
  /** Drops an unanswered claim, so that the key can be used again (the action did not run). */
  releaseIdempotency(scope: IdempotencyScope): Promise<void>

  /** Deletes expired sessions, refresh tokens and idempotency records. */
  purgeExpired(now: number): Promise<void>

  close(): Promise<void>
}

export interface SessionRecord {
  tokenHash: string
  openid: string
  userId: string
  /** The refresh-token family the session was issued from. */
  familyId: string
  createdAt: number
  expiresAt: number
}

export interface RefreshTokenRecord {
  tokenHash: string
  /** Every token rotated from one login shares its family. */
  familyId: string
  openid: string
  userId: string
  createdAt: number
  expiresAt: number
}

export type RefreshOutcome =
  | { status: 'rotated'; token: RefreshTokenRecord }
  /** Spent before: the family is now revoked. */
  | { status: 'reused' }
  /** Unknown, expired or revoked. */
  | { status: 'invalid' }

export interface Registration {
  userId: string
  nickname: string
  phone: string
  avatarUrl: string
  /** ISO 8601 */
  registeredAt: string
}

export interface UploadRecord {
  /** `<sha256>.<ext>` */
  name: string
  openid: string
  sha256: string
  size: number
  mime: string
  createdAt: number
}

/** An `Idempotency-Key` is scoped to its user, method and path. */
export interface IdempotencyScope {
  openid: string
  method: string
  path: string
  key: string
}

export interface IdempotencyClaim extends IdempotencyScope {
  /** A hash of the canonical request body: the key may not be reused for another body. */
  fingerprint: string
  createdAt: number
  expiresAt: number
}

export interface StoredResponse {
  statusCode: number
  /** The serialized JSON body, replayed verbatim. */
  body: string
}

export interface IdempotencyRecord extends IdempotencyClaim {
  response: StoredResponse | undefined
}
