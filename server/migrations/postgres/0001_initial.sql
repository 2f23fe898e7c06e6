CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  openid TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  openid TEXT NOT NULL,
  user_id TEXT NOT NULL,
  family_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_family_id ON sessions (family_id);

CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  openid TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX refresh_tokens_family_id ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);

CREATE TABLE registrations (
  openid TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  nickname TEXT NOT NULL,
  phone TEXT NOT NULL,
  avatar_url TEXT NOT NULL,
  registered_at TEXT NOT NULL
);

CREATE TABLE uploads (
  name TEXT NOT NULL,
  openid TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  mime TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (name, openid)
);

-- Upload bytes live in the database, where every instance can read them (2 MB cap).
CREATE TABLE upload_blobs (
  name TEXT PRIMARY KEY,
  bytes BYTEA NOT NULL
);

CREATE TABLE idempotency (
  openid TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  -- NULL while the first request runs.
  status_code INTEGER,
  body TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (openid, method, path, key)
);
CREATE INDEX idempotency_expires_at ON idempotency (expires_at);
