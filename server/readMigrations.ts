import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export interface Migration {
  /** The file name, e.g. `0002_refresh_tokens.sql`: applied in name order, each once. */
  version: string
  sql: string
}

/** The plain SQL migrations under `server/migrations/<dialect>/`. */
export function readMigrations(dialect: 'sqlite' | 'postgres'): Migration[] {
  const dir = fileURLToPath(new URL(`./migrations/${dialect}/`, import.meta.url))
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((version) => ({ version, sql: readFileSync(`${dir}${version}`, 'utf8') }))
}
