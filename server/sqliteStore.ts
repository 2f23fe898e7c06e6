import Database from 'better-sqlite3'
import { readMigrations } from './readMigrations.js'
import { decideSpend, type SpendRow } from './decideSpend.js'
import { newUserId } from './newUserId.js'
import type { FamilyRecord, IdempotencyClaim, PairRecord, Rotation, SessionRecord, Store, UploadRecord } from './store.js'
import { toIdempotencyRecord, toRegistration, type IdempotencyRow, type RegistrationRow } from './storeRows.js'

const IDEMPOTENCY_COLUMNS = 'openid, method, path, key, fingerprint, status_code AS statusCode, body, created_at AS createdAt, expires_at AS expiresAt'

/**
 * The default {@link Store}: one better-sqlite3 database, migrated on open.
 * better-sqlite3 is synchronous, so each statement (and each `db.transaction`)
 * is atomic with respect to the event loop, and SQLite's file lock makes it so
 * across processes sharing the file too.
 *
 * @param file a path, or `':memory:'` for a throwaway database
 */
export function openSqliteStore(file: string): Store {
  const db = new Database(file)
  if (file !== ':memory:') {
    // WAL lets readers proceed during a write and survives a crash mid-write.
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
  }
  migrate(db)

  const q = {
    insertUser: db.prepare('INSERT OR IGNORE INTO users (openid, public_id, created_at) VALUES (?, ?, ?)'),
    userId: db.prepare<[string], { publicId: string }>('SELECT public_id AS publicId FROM users WHERE openid = ?'),
    insertFamily: db.prepare(
      'INSERT INTO refresh_families (family_id, openid, user_id, created_at, expires_at) VALUES (@familyId, @openid, @userId, @createdAt, @expiresAt)',
    ),
    // Neither token of a new pair outlives its family.
    insertSession: db.prepare(
      'INSERT INTO sessions (token_hash, openid, user_id, family_id, created_at, expires_at) VALUES (@tokenHash, @openid, @userId, @familyId, @createdAt, MIN(@expiresAt, @familyExpiresAt))',
    ),
    insertRefresh: db.prepare(
      'INSERT INTO refresh_tokens (token_hash, family_id, openid, user_id, created_at, expires_at) VALUES (@refreshTokenHash, @familyId, @openid, @userId, @createdAt, MIN(@refreshExpiresAt, @familyExpiresAt))',
    ),
    session: db.prepare<[string], SessionRecord>(
      `SELECT s.token_hash AS tokenHash, s.openid, s.user_id AS userId, family_id AS familyId, s.created_at AS createdAt, s.expires_at AS expiresAt
       FROM sessions s LEFT JOIN refresh_families f USING (family_id) WHERE s.token_hash = ? AND f.revoked_at IS NULL`,
    ),
    expireAll: ['sessions', 'refresh_tokens'].map((table) => db.prepare(`UPDATE ${table} SET expires_at = @now WHERE expires_at > @now`)),
    spendRow: db.prepare<[string], SpendRow>(
      `SELECT family_id AS familyId, f.openid, f.user_id AS userId, f.created_at AS createdAt, f.expires_at AS familyExpiresAt,
         f.revoked_at AS revokedAt, t.expires_at AS expiresAt, t.used_at AS usedAt, t.successor
       FROM refresh_tokens t JOIN refresh_families f USING (family_id) WHERE t.token_hash = ?`,
    ),
    spend: db.prepare('UPDATE refresh_tokens SET used_at = ?, successor = ? WHERE token_hash = ?'),
    revokeFamily: db.prepare('UPDATE refresh_families SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL'),
    registration: db.prepare<[string], RegistrationRow>('SELECT * FROM registrations WHERE openid = ?'),
    insertRegistration: db.prepare(
      'INSERT OR IGNORE INTO registrations (openid, user_id, nickname, phone, avatar_url, registered_at) VALUES (@openid, @userId, @nickname, @phone, @avatarUrl, @registeredAt)',
    ),
    countRegistrations: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM registrations'),
    insertBlob: db.prepare('INSERT OR IGNORE INTO upload_blobs (name, bytes) VALUES (?, ?)'),
    blob: db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM upload_blobs WHERE name = ?'),
    insertUpload: db.prepare(
      'INSERT OR IGNORE INTO uploads (name, openid, sha256, size, mime, created_at) VALUES (@name, @openid, @sha256, @size, @mime, @createdAt)',
    ),
    upload: db.prepare<[string], UploadRecord>(
      'SELECT name, openid, sha256, size, mime, created_at AS createdAt FROM uploads WHERE name = ? LIMIT 1',
    ),
    uploadedBy: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM uploads WHERE openid = ? AND name = ?'),
    // Takes the key over only when the record there expired or its claim went stale.
    claim: db.prepare(
      `INSERT INTO idempotency (openid, method, path, key, fingerprint, created_at, expires_at)
       VALUES (@openid, @method, @path, @key, @fingerprint, @createdAt, @expiresAt)
       ON CONFLICT (openid, method, path, key) DO UPDATE SET
         fingerprint = excluded.fingerprint, created_at = excluded.created_at, expires_at = excluded.expires_at, status_code = NULL, body = NULL
       WHERE idempotency.expires_at <= excluded.created_at OR (idempotency.status_code IS NULL AND idempotency.created_at < @staleBefore)`,
    ),
    idempotent: db.prepare<[string, string, string, string], IdempotencyRow>(
      `SELECT ${IDEMPOTENCY_COLUMNS} FROM idempotency WHERE openid = ? AND method = ? AND path = ? AND key = ?`,
    ),
    finish: db.prepare(
      'UPDATE idempotency SET status_code = @statusCode, body = @body WHERE openid = @openid AND method = @method AND path = @path AND key = @key',
    ),
    release: db.prepare(
      'DELETE FROM idempotency WHERE openid = @openid AND method = @method AND path = @path AND key = @key AND status_code IS NULL',
    ),
    hit: db.prepare<{ key: string; now: number; expiresAt: number }, { count: number; expiresAt: number }>(
      `INSERT INTO rate_limits (key, count, expires_at) VALUES (@key, 1, @expiresAt)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limits.expires_at <= @now THEN 1 ELSE rate_limits.count + 1 END,
         expires_at = CASE WHEN rate_limits.expires_at <= @now THEN excluded.expires_at ELSE rate_limits.expires_at END
       RETURNING count, expires_at AS expiresAt`,
    ),
    usage: db.prepare<{ openid: string; name: string }, { used: number; again: number }>(
      'SELECT COALESCE(SUM(size), 0) AS used, COALESCE(MAX(name = @name), 0) AS again FROM uploads WHERE openid = @openid',
    ),
    purgeUploads: db.prepare(`DELETE FROM uploads WHERE created_at <= ? AND NOT EXISTS (
  SELECT 1 FROM registrations r WHERE r.openid = uploads.openid AND r.avatar_url IN ('/uploads/' || uploads.name, '/files/' || uploads.name))`),
    purgeBlobs: db.prepare('DELETE FROM upload_blobs WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.name = upload_blobs.name)'),
    purge: ['sessions', 'refresh_tokens', 'refresh_families', 'idempotency', 'rate_limits'].map((table) => db.prepare(`DELETE FROM ${table} WHERE expires_at <= ?`)),
  }

  const insertPair = (family: FamilyRecord, pair: PairRecord) => {
    const values = { ...family, ...pair, familyExpiresAt: family.expiresAt }
    q.insertSession.run(values)
    q.insertRefresh.run(values)
  }

  const startFamily = db.transaction((family: FamilyRecord, pair: PairRecord) => {
    q.insertFamily.run(family)
    insertPair(family, pair)
  })

  const rotateRefreshToken = db.transaction(({ tokenHash, now, next, sealed, reuseWindowMs }: Rotation) => {
    const row = q.spendRow.get(tokenHash)
    const decision = decideSpend(row, now, reuseWindowMs)
    if (decision.status === 'reused') q.revokeFamily.run(now, row!.familyId)
    if (decision.status !== 'rotated') return decision
    q.spend.run(now, sealed, tokenHash)
    insertPair(decision.family, next)
    return decision
  })

  const claimIdempotency = db.transaction((claim: IdempotencyClaim, staleBefore: number) => {
    if (q.claim.run({ ...claim, staleBefore }).changes === 1) return undefined
    return toIdempotencyRecord(q.idempotent.get(claim.openid, claim.method, claim.path, claim.key)!)
  })

  const expireAllTokens = db.transaction((now: number) => q.expireAll.map((statement) => statement.run({ now }).changes)[0]!)

  const saveUpload = db.transaction((upload: UploadRecord, bytes: Buffer, quotaBytes: number) => {
    const { used, again } = q.usage.get(upload)!
    if (!again && used + upload.size > quotaBytes) return false
    q.insertBlob.run(upload.name, bytes)
    q.insertUpload.run(upload)
    return true
  })

  return {
    async ensureUser(openid) {
      q.insertUser.run(openid, newUserId(), Date.now())
      return q.userId.get(openid)!.publicId
    },
    startFamily: async (family, pair) => startFamily(family, pair),
    findSession: async (tokenHash) => q.session.get(tokenHash),
    expireAllTokens: async (now) => expireAllTokens(now),
    // better-sqlite3 runs the whole transaction synchronously, so nothing interleaves with it.
    rotateRefreshToken: async (rotation) => rotateRefreshToken(rotation),
    async revokeFamily(familyId, now) {
      q.revokeFamily.run(now, familyId)
    },
    async getRegistration(openid) {
      const row = q.registration.get(openid)
      return row && toRegistration(row)
    },
    async registerOnce(openid, registration) {
      q.insertRegistration.run({ openid, ...registration })
      return toRegistration(q.registration.get(openid)!)
    },
    countRegistrations: async () => q.countRegistrations.get()!.n,
    saveUpload: async (upload, bytes, quotaBytes) => saveUpload(upload, bytes, quotaBytes),
    findUpload: async (name) => q.upload.get(name),
    readUpload: async (name) => q.blob.get(name)?.bytes,
    hasUploaded: async (openid, name) => q.uploadedBy.get(openid, name) !== undefined,
    claimIdempotency: async (claim, staleBefore) => claimIdempotency(claim, staleBefore),
    async finishIdempotency(scope, response) {
      q.finish.run({ ...scope, ...response })
    },
    async releaseIdempotency(scope) {
      q.release.run(scope)
    },
    hit: async (key, now, windowMs) => q.hit.get({ key, now, expiresAt: now + windowMs })!,
    async purgeExpired(now, uploadsBefore) {
      for (const statement of q.purge) statement.run(now)
      q.purgeUploads.run(uploadsBefore)
      q.purgeBlobs.run()
    },
    async close() {
      db.close()
    },
  }
}

/** Applies each migration not yet recorded, all in one write transaction (SQLite's lock spans processes). */
function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)')
  const applied = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM schema_migrations WHERE version = ?')
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
  db.transaction(() => {
    for (const { version, sql } of readMigrations('sqlite')) {
      if (applied.get(version)) continue
      db.exec(sql)
      record.run(version, Date.now())
    }
  }).immediate()
}
