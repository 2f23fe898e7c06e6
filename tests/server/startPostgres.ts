import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from '../../scripts/startEmbeddedPostgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The embedded PostgreSQL's maintenance database; tests create their own databases beside it. */
    postgresUrl: string
  }
}

/**
 * Vitest global setup: one real PostgreSQL (from npm, no system packages) for the whole run,
 * shared by every test file; each test makes a database of its own in it.
 */
export default async function startPostgres(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startEmbeddedPostgres()
  project.provide('postgresUrl', postgres.url)
  return postgres.stop
}
