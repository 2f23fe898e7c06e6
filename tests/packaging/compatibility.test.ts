import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startBackend, type Backend } from '../e2e/support/startBackend'
import { buildConsumer, createConsumerProject, expectOneReplayedExpiry, expiryApp, repoRoot, uniAppDependencies } from './consumerProject'

/*
 * The supported range, proven: the packed tarball in three uni-app projects of their own, each
 * installed with peers enforced (npm's ERESOLVE, or pnpm with strict peers), built for mp-weixin
 * with that line's own vite and esbuild, and run through one expiry. `peerDependencies` must cover
 * every row, and the support table of docs/guide/install.md lists them.
 */
const matrix = [
  // The oldest: the August 2023 Vue 3 line, with its vue 3.2 and vite 4, and pinia 2.0.
  { name: 'older', line: '3.0.0-3081220230817001', vue: '3.2.47', pinia: '2.0.36', vite: '4.0.3', installer: 'npm' },
  // The line this repo pins, with a template's pinia 2.0.36, installed with pnpm.
  { name: 'pinned', line: '3.0.0-5000720260410001', vue: '3.4.21', pinia: '2.0.36', vite: '5.2.8', installer: 'pnpm' },
  // The newest line that has mp-weixin. Its vue is 3.4.21, and pinia 3 needs vue 3.5: pinia 2.
  { name: 'newest', line: '3.0.0-5010420260703001', vue: '3.4.21', pinia: '2.2.4', vite: '5.2.8', installer: 'npm' },
] as const

let backend: Backend
beforeAll(async () => {
  backend = await startBackend()
})
afterAll(() => backend?.close())

describe.each(matrix)('uni-app $line (vue $vue, pinia $pinia, $installer)', ({ name, line, vue, pinia, vite, installer }) => {
  let project: string
  beforeAll(async () => {
    project = await createConsumerProject({
      installer,
      dependencies: { 'uni-relogin': `file:${inject('tarball')}`, ...uniAppDependencies({ line, vue, pinia }) },
      devDependencies: { vite },
      // uni-app resolves with preserveSymlinks, so pnpm projects hoist, as uni-app's pnpm templates do.
      files: { ...expiryApp('uni-relogin'), ...(installer === 'pnpm' ? { '.npmrc': 'shamefully-hoist=true\n' } : {}) },
    })
    await buildConsumer(project, 'mp-weixin', { VITE_API_BASE: backend.url })
  }, 600_000)

  it('installs with the peers enforced, builds for mp-weixin, and runs through one expiry', () =>
    expectOneReplayedExpiry(project, backend, `matrix-${name}`), 60_000)
})

it('declares exactly the peer range the matrix proves', async () => {
  const { peerDependencies, peerDependenciesMeta } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'))
  // Only `uni-relogin/devtools` imports the devtools API, and every app with the oldest pinia of
  // the range (2.0.36, whose own dependency is ^6.5.0) already has it: optional, never installed by us.
  expect(peerDependencies).toEqual({ vue: '^3.2.47', pinia: '^2.0.36', '@vue/devtools-api': '^6.5.0' })
  expect(peerDependenciesMeta).toEqual({ '@vue/devtools-api': { optional: true } })
})
