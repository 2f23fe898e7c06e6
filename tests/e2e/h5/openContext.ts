import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core'

const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
}

/**
 * A browser context, phone-sized unless `device` says otherwise (its tabs share one localStorage, as
 * a user's do), that reaches only `origin`, the server of the page: anything else is recorded in
 * `elsewhere` and refused, so a run never reaches the internet.
 */
export async function openContext(
  browser: Browser,
  origin: string,
  device = phone,
): Promise<{ context: BrowserContext; elsewhere: string[] }> {
  const context = await browser.newContext({
    ...device,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  const elsewhere: string[] = []
  await context.route(
    (url) => url.origin !== origin,
    (route) => (elsewhere.push(route.request().url()), route.abort()),
  )
  return { context, elsewhere }
}
