import sparticuz from '@sparticuz/chromium'

/**
 * vitest's globalSetup: unpacks the npm Chromium once, before any worker starts. Two test files
 * unpacking it at the same time would race: the second sees the half-written binary and launches it.
 * A no-op once it is unpacked (it stays in the temp dir).
 */
export default async function unpackChromium(): Promise<void> {
  await sparticuz.executablePath()
}
