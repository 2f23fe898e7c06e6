import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { createFaults } from '../../../server/faults'
import { buildSample } from '../support/buildSample'
import { makePng } from '../../support/png'
import { startBackend, type Backend } from '../support/startBackend'
import { openSession, type Session } from './session'

export interface Avatar {
  path: string
  bytes: Buffer
  /** The name the backend stores it under: content-addressed. */
  uploadName: string
}

/**
 * Per test file: the sample backend, the sample compiled for mp-weixin against it (its own output
 * dir, so `npm start`'s build and other test files are untouched), and two distinct real PNG avatars.
 * After each test the backend's faults are cleared, and the sessions opened through `open` are closed
 * and must not have logged an error.
 */
export function useCompiledApp(name: string) {
  const fixture = {} as { backend: Backend; distDir: string; avatars: [Avatar, Avatar] }
  const sessions: Session[] = []
  let tempDir = ''

  beforeAll(async () => {
    fixture.backend = await startBackend()
    fixture.distDir = await buildSample('mp-weixin', fixture.backend.url, `dist/e2e/mp-weixin-${name}`)
    tempDir = await mkdtemp(join(tmpdir(), 'e2e-mp-weixin-'))
    const avatar = async (file: string, rgb: [number, number, number]): Promise<Avatar> => {
      const bytes = makePng(rgb)
      const path = join(tempDir, file)
      await writeFile(path, bytes)
      return { path, bytes, uploadName: `${createHash('sha256').update(bytes).digest('hex')}.png` }
    }
    fixture.avatars = [await avatar('red.png', [220, 40, 40]), await avatar('blue.png', [40, 80, 220])]
  }, 120_000)

  afterEach(async () => {
    // A test that failed half way must not leave the login down for the next one.
    Object.assign(fixture.backend.faults, createFaults())
    for (const session of sessions.splice(0)) {
      const errors = await session.consoleErrors().catch(() => [])
      await session.close()
      expect(errors, 'the app logged errors').toEqual([])
    }
  })

  afterAll(async () => {
    await fixture.backend?.close()
    if (tempDir) await rm(tempDir, { recursive: true, force: true })
  })

  return {
    get backend() {
      return fixture.backend
    },
    get distDir() {
      return fixture.distDir
    },
    get avatars() {
      return fixture.avatars
    },
    /** Launches the app for a user of its own, so tests never share a registration. */
    async open(openid: string): Promise<Session> {
      const session = await openSession({ distDir: fixture.distDir, backendUrl: fixture.backend.url, openid, images: [fixture.avatars[0].path] })
      sessions.push(session)
      return session
    },
  }
}

/** Types a nickname and phone, ticks the terms, and uploads the first avatar, as a user would. */
export async function fillForm(session: Session, nickname: string, phone: string): Promise<void> {
  await session.input('.nickname', nickname)
  await session.input('.phone', phone)
  await session.change('.agree', true)
  await session.record('.upload-progress', 'percent')
  await session.tap('.choose-avatar')
  expect((await session.waitFor(['.avatar-done', '.message'])).selector).toBe('.avatar-done')
  // The bar is shown only while uploading; it must have got to 100 on the way.
  expect((await session.recorded('.upload-progress', 'percent')).at(-1)).toBe(100)
  expect(await session.text('.upload-progress')).toBeNull()
}
