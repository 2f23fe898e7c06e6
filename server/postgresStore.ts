import pg from 'pg'
import { readMigrations } from './readMigrations.js'
import { decideSpend, type SpendRow } from './decideSpend.js'
import { newUserId } from './newUserId.js'
import type { FamilyRecord, IdempotencyScope, PairRecord, SessionRecord, Store, UploadRecord } from './store.js'
import { toIdempotencyRecord, toRegistration, type IdempotencyRow, type RegistrationRow } from './storeRows.js'

// Any constant: every instance takes this lock before migrating, so only one migrates at a time.
const MIGRATION_LOCK = 726_104_112

const INT8 = 20
// Epoch milliseconds are BIGINT; they fit a JavaScript number exactly, so parse them as one.
const types = { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser }

const SESSION = 's.token_hash AS "tokenHash", s.openid, s.user_id AS "userId", family_id AS "familyId", s.created_at AS "createdAt", s.expires_at AS "expiresAt"'
const SPEND = `family_id AS "familyId", f.openid, f.user_id AS "userId", f.created_at AS "createdAt", f.expires_at AS "familyExpiresAt",
  f.revoked_at AS "revokedAt", t.expires_at AS "expiresAt", t.used_at AS "usedAt", t.successor`
const IDEMPOTENCY =
  'openid, method, path, key, fingerprint, status_code AS "statusCode", body, created_at AS "createdAt", expires_at AS "expiresAt"'
const SCOPE = 'openid = $1 AND method = $2 AND path = $3 AND key = $4'
const scope = ({ openid, method, path, key }: IdempotencyScope) => [openid, method, path, key]

/**
 * The {@link Store} for many instances: PostgreSQL through a `pg` pool. Every
 * "exactly once" is one statement the database serializes (a unique key with
 * `ON CONFLICT`, or an `UPDATE … WHERE` that only one concurrent caller can
 * match), so instances need no memory in common.
 *
 * @param connectionString e.g. `postgres://user:password@host:5432/db`
 */
export async function openPostgresStore(connectionString: string, { poolSize = 10 } = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: poolSize, types })
  // An idle connection the database ends (a restart, a failover, an admin) must not crash the
  // process: pg emits it on the pool, and the next query simply opens a new connection.
  pool.on('error', (error) => console.warn(`[server] an idle PostgreSQL connection ended: ${error.message}`))
  try {
    await migrate(pool)
  } catch (error) {
    await pool.end()
    throw error
  }
  const rows = async <T>(sql: string, values: unknown[] = []) => (await pool.query(sql, values)).rows as T[]
  const run = async (sql: string, values: unknown[] = []) => (await pool.query(sql, values)).rowCount ?? 0

  return {
    async ensureUser(openid) {
      // The no-op update makes RETURNING answer for an existing user too, in one round trip.
      const [user] = await rows<{ publicId: string }>(
        'INSERT INTO users (openid, public_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (openid) DO UPDATE SET openid = EXCLUDED.openid RETURNING public_id AS "publicId"',
        [openid, newUserId(), Date.now()],
      )
      return user!.publicId
    },
    async startFamily(f, p) {
      await transaction(pool, async (client) => {
        await client.query('INSERT INTO refresh_families (family_id, openid, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
          f.familyId, f.openid, f.userId, f.createdAt, f.expiresAt,
        ])
        await insertPair(client, f, p)
      })
    },
    findSession: async (tokenHash) =>
      (await rows<SessionRecord>(`SELECT ${SESSION} FROM sessions s LEFT JOIN refresh_families f USING (family_id) WHERE s.token_hash = $1 AND f.revoked_at IS NULL`, [tokenHash]))[0],
    async expireAllTokens(now) {
      await run('UPDATE refresh_tokens SET expires_at = $1 WHERE expires_at > $1', [now])
      return run('UPDATE sessions SET expires_at = $1 WHERE expires_at > $1', [now])
    },
    rotateRefreshToken: ({ tokenHash, now, next, sealed, reuseWindowMs }) =>
      transaction(pool, async (client) => {
        // Holding the family's row serializes this with every other rotation in the family and with its
        // revocation; holding the token's row makes a concurrent second spend wait, then see it spent.
        const [row] = (
          await client.query<SpendRow>(`SELECT ${SPEND} FROM refresh_tokens t JOIN refresh_families f USING (family_id) WHERE t.token_hash = $1 FOR UPDATE OF t, f`, [tokenHash])
        ).rows
        const decision = decideSpend(row, now, reuseWindowMs)
        if (decision.status === 'reused') await client.query('UPDATE refresh_families SET revoked_at = $2 WHERE family_id = $1', [row!.familyId, now])
        if (decision.status !== 'rotated') return decision
        await client.query('UPDATE refresh_tokens SET used_at = $2, successor = $3 WHERE token_hash = $1', [tokenHash, now, sealed])
        await insertPair(client, decision.family, next)
        return decision
      }),
    async revokeFamily(familyId, now) {
      await run('UPDATE refresh_families SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [familyId, now])
    },
    async getRegistration(openid) {
      const [row] = await rows<RegistrationRow>('SELECT * FROM registrations WHERE openid = $1', [openid])
      return row && toRegistration(row)
    },
    async registerOnce(openid, r) {
      await run(
        `INSERT INTO registrations (openid, user_id, nickname, phone, avatar_url, registered_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (openid) DO NOTHING`,
        [openid, r.userId, r.nickname, r.phone, r.avatarUrl, r.registeredAt],
      )
      return toRegistration((await rows<RegistrationRow>('SELECT * FROM registrations WHERE openid = $1', [openid]))[0]!)
    },
    countRegistrations: async () => (await rows<{ n: number }>('SELECT COUNT(*)::int AS n FROM registrations'))[0]!.n,
    saveUpload: (u, bytes, quotaBytes) =>
      transaction(pool, async (client) => {
        // One user's uploads take turns here, so two of them cannot both fit the last of the quota.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`upload:${u.openid}`])
        const { rows: [usage] } = await client.query<{ used: number; again: boolean }>(
          'SELECT COALESCE(SUM(size), 0)::bigint AS used, BOOL_OR(name = $2) AS again FROM uploads WHERE openid = $1',
          [u.openid, u.name],
        )
        if (!usage!.again && usage!.used + u.size > quotaBytes) return false
        await client.query('INSERT INTO upload_blobs (name, bytes) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [u.name, bytes])
        await client.query(
          'INSERT INTO uploads (name, openid, sha256, size, mime, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name, openid) DO NOTHING',
          [u.name, u.openid, u.sha256, u.size, u.mime, u.createdAt],
        )
        return true
      }),
    findUpload: async (name) =>
      (await rows<UploadRecord>('SELECT name, openid, sha256, size, mime, created_at AS "createdAt" FROM uploads WHERE name = $1 LIMIT 1', [name]))[0],
    readUpload: async (name) => (await rows<{ bytes: Buffer }>('SELECT bytes FROM upload_blobs WHERE name = $1', [name]))[0]?.bytes,
    hasUploaded: async (openid, name) => (await run('SELECT 1 FROM uploads WHERE openid = $1 AND name = $2', [openid, name])) > 0,
    async claimIdempotency(claim, staleBefore) {
      for (;;) {
        // Inserting, or taking over an expired or abandoned record, is one statement; the primary key
        // makes concurrent claims of one key (from any instance) leave exactly one winner.
        const won = await run(
          `INSERT INTO idempotency (openid, method, path, key, fingerprint, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (openid, method, path, key) DO UPDATE SET
             fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at, status_code = NULL, body = NULL
           WHERE idempotency.expires_at <= EXCLUDED.created_at OR (idempotency.status_code IS NULL AND idempotency.created_at < $8)`,
          [...scope(claim), claim.fingerprint, claim.createdAt, claim.expiresAt, staleBefore],
        )
        if (won === 1) return undefined
        const [row] = await rows<IdempotencyRow>(`SELECT ${IDEMPOTENCY} FROM idempotency WHERE ${SCOPE}`, scope(claim))
        // Without a row, the claim was released between the two statements: the key is free again.
        if (row) return toIdempotencyRecord(row)
      }
    },
    async finishIdempotency(s, { statusCode, body }) {
      await run(`UPDATE idempotency SET status_code = $5, body = $6 WHERE ${SCOPE}`, [...scope(s), statusCode, body])
    },
    async releaseIdempotency(s) {
      await run(`DELETE FROM idempotency WHERE ${SCOPE} AND status_code IS NULL`, scope(s))
    },
    async hit(key, now, windowMs) {
      // One statement: concurrent hits from any instance each see their own count.
      const [row] = await rows<{ count: number; expiresAt: number }>(
      `INSERT INTO rate_limits (key, count, expires_at) VALUES ($1, 1, $2::bigint + $3::bigint)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limits.expires_at <= $2 THEN 1 ELSE rate_limits.count + 1 END,
         expires_at = CASE WHEN rate_limits.expires_at <= $2 THEN excluded.expires_at ELSE rate_limits.expires_at END
       RETURNING count, expires_at AS "expiresAt"`,
        [key, now, windowMs],
      )
      return row!
    },
    async purgeExpired(now, uploadsBefore) {
      for (const table of ['sessions', 'refresh_tokens', 'refresh_families', 'idempotency', 'rate_limits']) await run(`DELETE FROM ${table} WHERE expires_at <= $1`, [now])
      await run(`DELETE FROM uploads WHERE created_at <= $1 AND NOT EXISTS (
  SELECT 1 FROM registrations r WHERE r.openid = uploads.openid AND r.avatar_url IN ('/uploads/' || uploads.name, '/files/' || uploads.name))`, [uploadsBefore])
      await run('DELETE FROM upload_blobs WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.name = upload_blobs.name)')
    },
    close: () => pool.end(),
  }
}

/** A family's new pair; neither token outlives the family. */
async function insertPair(client: pg.PoolClient, f: FamilyRecord, p: PairRecord): Promise<void> {
  await client.query(
    'INSERT INTO sessions (token_hash, openid, user_id, family_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, LEAST($6::bigint, $7::bigint))',
    [p.tokenHash, f.openid, f.userId, f.familyId, p.createdAt, p.expiresAt, f.expiresAt],
  )
  await client.query(
    'INSERT INTO refresh_tokens (token_hash, family_id, openid, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, LEAST($6::bigint, $7::bigint))',
    [p.refreshTokenHash, f.familyId, f.openid, f.userId, p.createdAt, p.refreshExpiresAt, f.expiresAt],
  )
}

async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  } finally {
    client.release()
  }
}

/** Applies each migration not yet recorded, under an advisory lock, so instances starting together migrate once. */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)')
    const applied = new Set((await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version))
    for (const { version, sql } of readMigrations('postgres')) {
      if (applied.has(version)) continue
      await client.query('BEGIN')
      try {
        await client.query(sql)
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, Date.now()])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    client.release()
  }
}
