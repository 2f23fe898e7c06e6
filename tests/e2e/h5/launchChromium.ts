import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/**
 * Debian's chromium, driven by playwright-core. A missing browser fails the run loudly rather than
 * skipping it: a skipped end-to-end test looks exactly like a passing one in CI.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. .ci/run installs it (apt-get install chromium); ` +
        'locally, install Debian\'s chromium package or set CHROMIUM_PATH. Do not run `npx playwright install`.',
    )
  }
  return chromium.launch({
    executablePath,
    // No update checks, sync or QUIC: the test talks to 127.0.0.1 only.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  })
}
