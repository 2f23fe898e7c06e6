import Database from 'better-sqlite3'
import type { IdempotencyRecord, Registration, SessionRecord, Store, UploadRecord } from './store.js'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  openid TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  openid TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);
CREATE TABLE IF NOT EXISTS registrations (
  openid TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  nickname TEXT NOT NULL,
  phone TEXT NOT NULL,
  avatar_url TEXT NOT NULL,
  registered_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS uploads (
  name TEXT NOT NULL,
  openid TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  mime TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (name, openid)
);
CREATE TABLE IF NOT EXISTS idempotency (
  openid TEXT NOT NULL,
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (openid, key)
);
`

interface RegistrationRow {
  user_id: string
  nickname: string
  phone: string
  avatar_url: string
  registered_at: string
}

const toRegistration = (row: RegistrationRow): Registration => ({
  userId: row.user_id,
  nickname: row.nickname,
  phone: row.phone,
  avatarUrl: row.avatar_url,
  registeredAt: row.registered_at,
})

/**
 * The default {@link Store}: one better-sqlite3 database, schema created on open.
 * better-sqlite3 is synchronous, so each statement is atomic with respect to
 * the event loop; `INSERT OR IGNORE` keeps the once-only writes race-free even
 * across processes sharing the file.
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
  db.exec(SCHEMA)

  const q = {
    insertUser: db.prepare('INSERT OR IGNORE INTO users (openid, created_at) VALUES (?, ?)'),
    userId: db.prepare<[string], { id: number }>('SELECT id FROM users WHERE openid = ?'),
    insertSession: db.prepare(
      'INSERT INTO sessions (token_hash, openid, user_id, created_at, expires_at) VALUES (@tokenHash, @openid, @userId, @createdAt, @expiresAt)',
    ),
    session: db.prepare<[string], SessionRecord>(
      'SELECT token_hash AS tokenHash, openid, user_id AS userId, created_at AS createdAt, expires_at AS expiresAt FROM sessions WHERE token_hash = ?',
    ),
    expireAll: db.prepare('UPDATE sessions SET expires_at = @now WHERE expires_at > @now'),
    registration: db.prepare<[string], RegistrationRow>('SELECT * FROM registrations WHERE openid = ?'),
    insertRegistration: db.prepare(
      'INSERT OR IGNORE INTO registrations (openid, user_id, nickname, phone, avatar_url, registered_at) VALUES (@openid, @userId, @nickname, @phone, @avatarUrl, @registeredAt)',
    ),
    countRegistrations: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM registrations'),
    insertUpload: db.prepare(
      'INSERT OR IGNORE INTO uploads (name, openid, sha256, size, mime, created_at) VALUES (@name, @openid, @sha256, @size, @mime, @createdAt)',
    ),
    upload: db.prepare<[string], UploadRecord>(
      'SELECT name, openid, sha256, size, mime, created_at AS createdAt FROM uploads WHERE name = ? LIMIT 1',
    ),
    uploadedBy: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM uploads WHERE openid = ? AND name = ?'),
    idempotent: db.prepare<[string, string], IdempotencyRecord>(
      'SELECT openid, key, method, path, status_code AS statusCode, body, created_at AS createdAt FROM idempotency WHERE openid = ? AND key = ?',
    ),
    insertIdempotent: db.prepare(
      'INSERT OR IGNORE INTO idempotency (openid, key, method, path, status_code, body, created_at) VALUES (@openid, @key, @method, @path, @statusCode, @body, @createdAt)',
    ),
  }

  return {
    ensureUser(openid) {
      q.insertUser.run(openid, Date.now())
      return String(q.userId.get(openid)!.id)
    },
    createSession(session) {
      q.insertSession.run(session)
    },
    findSession: (tokenHash) => q.session.get(tokenHash),
    expireAllSessions: (now) => q.expireAll.run({ now }).changes,
    getRegistration(openid) {
      const row = q.registration.get(openid)
      return row && toRegistration(row)
    },
    registerOnce(openid, registration) {
      q.insertRegistration.run({ openid, ...registration })
      return toRegistration(q.registration.get(openid)!)
    },
    countRegistrations: () => q.countRegistrations.get()!.n,
    recordUpload(upload) {
      q.insertUpload.run(upload)
    },
    findUpload: (name) => q.upload.get(name),
    hasUploaded: (openid, name) => q.uploadedBy.get(openid, name) !== undefined,
    getIdempotent: (openid, key) => q.idempotent.get(openid, key),
    saveIdempotent(record) {
      q.insertIdempotent.run(record)
    },
    close() {
      db.close()
    },
  }
}
