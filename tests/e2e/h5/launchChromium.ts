import { existsSync } from 'node:fs'
import sparticuz from '@sparticuz/chromium'
import { chromium, type Browser } from 'playwright-core'
import { writeFontConfig } from './writeFontConfig'

/**
 * A system Chromium when there is one (`CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`), else the
 * one npm installed: `@sparticuz/chromium` ships the binary inside the package and unpacks it to the
 * temp dir, so a fresh machine needs nothing installed by hand. Never `npx playwright install`: it
 * downloads a browser from outside the npm registry.
 */
export async function chromiumPath(): Promise<string> {
  const path = process.env.CHROMIUM_PATH
  if (path) {
    if (!existsSync(path)) throw new Error(`CHROMIUM_PATH=${path} does not exist; unset it to use the npm Chromium.`)
    return path
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : sparticuz.executablePath()
}

/** Headless Chromium driven by playwright-core; `executablePath` defaults to {@link chromiumPath}. */
export async function launchChromium(executablePath?: string): Promise<Browser> {
  return chromium.launch({
    executablePath: executablePath ?? (await chromiumPath()),
    // No update checks, sync or QUIC: the test talks to 127.0.0.1 only.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, FONTCONFIG_PATH: await writeFontConfig() },
  })
}
