import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../server/sqliteStore'
import { tempDir } from './helpers'

describe('openSqliteStore', () => {
  it('upgrades a database made before migrations existed, keeping its sessions, and migrates only once', async () => {
    const file = `${await tempDir()}/app.db`
    const old = new Database(file)
    // 0001 is the schema exactly as the backend created it before it had migrations.
    old.exec(readFileSync(new URL('../../server/migrations/sqlite/0001_initial.sql', import.meta.url), 'utf8'))
    old.prepare("INSERT INTO sessions VALUES ('hash', 'old-user', '1', 1, ?)").run(Date.now() + 60_000)
    old.close()

    const store = openSqliteStore(file)
    expect(await store.findSession('hash')).toMatchObject({ openid: 'old-user', familyId: '' })
    await store.close()
    const reopened = openSqliteStore(file)
    expect(await reopened.findSession('hash')).toMatchObject({ openid: 'old-user' })
    await reopened.close()
  })
})
