-- Rate-limit counters live where every instance sees them: N instances give a client one limit, not N.
-- A fixed window per key, starting at its first hit.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX rate_limits_expires_at ON rate_limits (expires_at);
