import { openPostgresStore } from './postgresStore.js'
import { openSqliteStore } from './sqliteStore.js'
import type { Store } from './store.js'

/** A `postgres://` (or `postgresql://`) URL opens PostgreSQL; anything else is a SQLite file or `':memory:'`. */
export async function openStore(location: string): Promise<Store> {
  return /^postgres(?:ql)?:\/\//.test(location) ? openPostgresStore(location) : openSqliteStore(location)
}
