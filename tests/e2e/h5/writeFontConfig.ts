import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { repoRoot } from '../support/buildSample'
import { woffToSfnt } from './woffToSfnt'

const notoSansSc = createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff')

/**
 * A fontconfig dir whose fonts include Noto Sans SC from npm, as a phone has a CJK fallback font:
 * the npm Chromium brings Latin fonts only, so Chinese labels would render as nothing in screenshots.
 * The system's own config comes first where there is one. Resolves with the dir, for FONTCONFIG_PATH.
 */
export async function writeFontConfig(): Promise<string> {
  const dir = resolve(repoRoot, 'dist/e2e/fonts')
  await mkdir(dir, { recursive: true })
  await writeAtomically(join(dir, 'NotoSansSC-Regular.otf'), woffToSfnt(await readFile(notoSansSc)))
  await writeAtomically(
    join(dir, 'fonts.conf'),
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(tmpdir(), 'fonts')}</dir>
  <dir>${dir}</dir>
  <cachedir>${join(dir, 'cache')}</cachedir>
</fontconfig>
`,
  )
  return dir
}

/** Test files run in parallel, and a browser must never read a half-written font. */
async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  await writeFile(`${path}.${process.pid}`, data)
  await rename(`${path}.${process.pid}`, path)
}
