import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/** The repo root, which is also the uni-app input dir. */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))

export type SamplePlatform = 'mp-weixin' | 'h5'

/**
 * Builds the sample app from the current sources into `outDir`, as `npm run build:<platform>` does,
 * with `apiBase` baked in as VITE_API_BASE (the mini program builds call it; H5 uses its own origin).
 * Each caller passes its own `outDir`, so tests never clobber what `npm start` built or each other.
 * Resolves with the absolute `outDir`.
 */
export async function buildSample(platform: SamplePlatform, apiBase: string, outDir: string): Promise<string> {
  const out = resolve(repoRoot, outDir)
  await rm(out, { recursive: true, force: true })
  const args = platform === 'h5' ? ['build'] : ['build', '-p', platform]
  try {
    await promisify(execFile)(join(repoRoot, 'node_modules/.bin/uni'), args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        // No update check posted to DCloud on every build.
        CI: '1',
        // vitest sets NODE_ENV=test, and vite would honour it: build what users ship.
        NODE_ENV: 'production',
        UNI_INPUT_DIR: repoRoot,
        UNI_OUTPUT_DIR: out,
        VITE_API_BASE: apiBase,
      },
      maxBuffer: 16 * 1024 * 1024,
    })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`uni build (${platform}) failed:\n${stdout}\n${stderr}`)
  }
  return out
}
