import sparticuz from '@sparticuz/chromium'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './launchChromium'

// The register test takes a system Chromium where there is one; this proves the browser that
// `npm install` brings works on its own, as it must on a fresh machine.
describe('the Chromium from npm', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium(await sparticuz.executablePath())
  }, 60_000)
  afterAll(() => browser?.close())

  it('draws Chinese glyphs, not empty or identical missing-glyph boxes', async () => {
    const page = await browser.newPage()
    const drawings = await page.evaluate(() =>
      ['注', '册', '\uE000'].map((char) => {
        const canvas = document.createElement('canvas')
        canvas.width = canvas.height = 40
        const ctx = canvas.getContext('2d')!
        ctx.font = '32px sans-serif'
        ctx.fillText(char, 4, 34)
        const alpha = ctx.getImageData(0, 0, 40, 40).data.filter((_, i) => i % 4 === 3)
        return { inked: alpha.filter((a) => a > 0).length, pixels: alpha.join(',') }
      }),
    )
    const [zhu, ce, missing] = drawings as [(typeof drawings)[0], (typeof drawings)[0], (typeof drawings)[0]]
    expect(zhu.inked).toBeGreaterThan(50)
    expect(ce.inked).toBeGreaterThan(50)
    expect(zhu.pixels).not.toBe(ce.pixels)
    expect(zhu.pixels).not.toBe(missing.pixels)
  })
})
