/**
 * Everything the sample backend persists, behind one async interface with two
 * implementations: SQLite (one machine, nothing to set up) and PostgreSQL
 * (any number of instances sharing one database).
 *
 * All times are epoch milliseconds. Every "exactly once" here (`ensureUser`,
 * `registerOnce`, `claimIdempotency`, `rotateRefreshToken`) must be enforced by
 * the database itself (unique keys, `INSERT … ON CONFLICT`, row locks), never by
 * process memory: a second instance does not share this process's memory.
 */
export interface Store {
  /** Returns the user id for an openid, creating the user on first sight. */
  ensureUser(openid: string): Promise<string>

  /**
   * Starts a refresh-token family (a login) with its first session and refresh token.
   * The family is created in the same transaction, so no token exists without it.
   */
  startFamily(family: FamilyRecord, pair: PairRecord): Promise<void>
  /**
   * A session by the hash of its token (the raw token is never stored), unless its
   * family is revoked: revocation is a property of the family, checked on every lookup.
   * (A session from before families existed has none, and simply lives out its short TTL.)
   */
  findSession(tokenHash: string): Promise<SessionRecord | undefined>
  /** Makes every session and refresh token that is still valid expire at `now`; returns how many sessions. */
  expireAllTokens(now: number): Promise<number>
  /**
   * Spends a refresh token and stores the pair that replaces it, in one transaction
   * that holds its family's row (RFC 9700 §4.14.2):
   * - unknown, expired, or in a revoked or expired family: `invalid`;
   * - spent less than `reuseWindowMs` ago: `repeated`, with the successor it got then;
   * - spent longer ago: `reused`, by someone holding a stolen copy, so the family is revoked;
   * - else `rotated`: `next` is stored in the same family, capped at the family's lifetime.
   * Since the family row is held, a revocation and a rotation never interleave.
   */
  rotateRefreshToken(rotation: Rotation): Promise<RefreshOutcome>
  /** Revokes a family: every token issued in it is dead, even one being issued at this moment. */
  revokeFamily(familyId: string, now: number): Promise<void>

  getRegistration(openid: string): Promise<Registration | undefined>
  /** Inserts the registration unless the openid already has one; returns the stored row. */
  registerOnce(openid: string, registration: Registration): Promise<Registration>
  countRegistrations(): Promise<number>

  /**
   * Stores the content-addressed file `name` (once) and that `openid` uploaded it, unless the
   * user's uploads would then exceed `quotaBytes` (a file they already uploaded costs nothing):
   * answers whether it was stored. Concurrent uploads of one user cannot together pass the quota.
   */
  saveUpload(upload: UploadRecord, bytes: Buffer, quotaBytes: number): Promise<boolean>
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

  /**
   * Counts a hit on a rate-limit `key` in a fixed window of `windowMs` that starts at the key's
   * first hit; answers the count so far and when the window ends. Every instance shares it.
   */
  hit(key: string, now: number, windowMs: number): Promise<{ count: number; expiresAt: number }>

  /**
   * Deletes expired sessions, refresh tokens, families, idempotency records and rate-limit
   * windows, and uploads made before `uploadsBefore` that no registration refers to.
   */
  purgeExpired(now: number, uploadsBefore: number): Promise<void>

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

/** Every session and refresh token issued from one login, through all its rotations. */
export interface FamilyRecord {
  familyId: string
  openid: string
  userId: string
  createdAt: number
  /** The family's absolute lifetime: no token of it outlives this. */
  expiresAt: number
}

/** A new session token and refresh token, by hash, and when each expires. */
export interface PairRecord {
  tokenHash: string
  refreshTokenHash: string
  createdAt: number
  expiresAt: number
  refreshExpiresAt: number
}

export interface Rotation {
  /** The hash of the refresh token presented. */
  tokenHash: string
  now: number
  next: PairRecord
  /** The new pair itself, sealed under the presented token, for a repeat within the window. */
  sealed: string
  reuseWindowMs: number
}

export type RefreshOutcome =
  | { status: 'rotated'; family: FamilyRecord }
  /** Presented again within the reuse window: the pair it was rotated into, still sealed. */
  | { status: 'repeated'; family: FamilyRecord; sealed: string }
  /** Spent before the reuse window: the family is now revoked. */
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
