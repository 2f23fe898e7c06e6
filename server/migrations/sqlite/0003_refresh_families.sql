-- Revocation becomes a property of the family, checked in the transaction that spends a token
-- and on every session lookup, so a token inserted while its family is revoked is dead at once.
CREATE TABLE refresh_families (
  family_id TEXT PRIMARY KEY,
  openid TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX refresh_families_expires_at ON refresh_families (expires_at);

INSERT INTO refresh_families (family_id, openid, user_id, created_at, expires_at, revoked_at)
  SELECT family_id, MIN(openid), MIN(user_id), MIN(created_at), MAX(expires_at), CASE WHEN MAX(revoked) = 1 THEN MAX(created_at) END
  FROM refresh_tokens GROUP BY family_id;

ALTER TABLE refresh_tokens DROP COLUMN revoked;
-- The pair a token was rotated into, sealed under that token (never readable from the database alone),
-- so that the same token presented again within the reuse window gets the same pair.
ALTER TABLE refresh_tokens ADD COLUMN successor TEXT;
