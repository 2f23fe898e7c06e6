import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import type { TestProject } from 'vitest/node'
import type { PackFigures } from '../../scripts/packFigures'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The `npm pack` tarball of this repo, packed once per run (its prepack rebuilds dist/npm/). */
    tarball: string
    /** What `npm pack` said of it. */
    packFigures: PackFigures
  }
}

/**
 * vitest's globalSetup: packs the package once, before any worker starts. Two test files packing at
 * the same time would race: each pack's prepack deletes and rewrites dist/npm/ under the other.
 */
export default async function packTarball(project: TestProject): Promise<void> {
  const root = resolve(import.meta.dirname, '../..')
  const dir = await mkdtemp(join(tmpdir(), 'relogin-pack-'))
  const { stdout } = await promisify(execFile)('npm', ['pack', '--silent', '--json', '--pack-destination', dir], { cwd: root })
  const [{ filename, size, unpackedSize, entryCount }] = JSON.parse(stdout) as [PackFigures & { filename: string }]
  project.provide('tarball', join(dir, filename))
  project.provide('packFigures', { size, unpackedSize, entryCount })
}
