-- Sessions belong to a refresh-token family, so that reusing a spent refresh token can revoke them.
ALTER TABLE sessions ADD COLUMN family_id TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_family_id ON sessions (family_id);

CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  openid TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX refresh_tokens_family_id ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);

-- Keys are now scoped to user + method + path and bound to a body fingerprint; old records are
-- dropped (they expire within a day anyway, and their scope cannot be rebuilt).
DROP TABLE idempotency;
CREATE TABLE idempotency (
  openid TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  -- NULL while the first request runs.
  status_code INTEGER,
  body TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (openid, method, path, key)
);
CREATE INDEX idempotency_expires_at ON idempotency (expires_at);

-- Upload bytes live in the database, where every instance can read them.
CREATE TABLE upload_blobs (
  name TEXT PRIMARY KEY,
  bytes BLOB NOT NULL
);
