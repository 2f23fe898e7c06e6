import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The `npm pack` tarball of this repo, packed once per run (its prepack rebuilds dist/npm/). */
    tarball: string
  }
}

/**
 * vitest's globalSetup: packs the package once, before any worker starts. Two test files packing at
 * the same time would race: each pack's prepack deletes and rewrites dist/npm/ under the other.
 */
export default async function packTarball(project: TestProject): Promise<void> {
  const root = resolve(import.meta.dirname, '../..')
  const dir = await mkdtemp(join(tmpdir(), 'relogin-pack-'))
  const { stdout } = await promisify(execFile)('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root })
  project.provide('tarball', join(dir, stdout.trim().split('\n').at(-1)!))
}
