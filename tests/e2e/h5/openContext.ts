import type { Browser, BrowserContext } from 'playwright-core'

/**
 * A phone-sized browser context (its tabs share one localStorage, as a user's do) that reaches only
 * `backendUrl`: anything else is recorded in `elsewhere` and refused, so a run never reaches the internet.
 */
export async function openContext(browser: Browser, backendUrl: string): Promise<{ context: BrowserContext; elsewhere: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  const elsewhere: string[] = []
  await context.route(
    (url) => url.origin !== backendUrl,
    (route) => (elsewhere.push(route.request().url()), route.abort()),
  )
  return { context, elsewhere }
}
