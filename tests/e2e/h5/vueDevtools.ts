import type { FrameLocator, Page } from 'playwright-core'

/** One row of the timeline as the DevTools list shows it, with the details it shows once clicked. */
export interface TimelineRow {
  title: string
  subtitle: string
  details: Record<string, string>
}

/**
 * The real Vue DevTools client that vite-plugin-vue-devtools serves, read as a person reads it:
 * in the overlay's iframe (`page.frameLocator('.vue-devtools-frame iframe')`) or in a window of its
 * own (`/__devtools__/`). Selectors match what its 7.7 client renders.
 */
export function vueDevtools(client: Page | FrameLocator) {
  // The right-hand pane: a node's state in an inspector, an event's details in a timeline.
  const detailRows = () => client.locator('.splitpanes__pane').last().locator('div.font-state-field')
  const details = async () =>
    Object.fromEntries(
      (await detailRows().allTextContents()).map((row) => {
        const at = row.indexOf(':')
        return [row.slice(0, at).trim(), row.slice(at + 1).trim()]
      }),
    )

  return {
    /** Opens a plugin's inspector from the side bar. */
    inspector: (id: string) => client.locator(`a[href="/custom-inspector-tab-view/${id}"]`).click(),
    /** Opens pinia's own page from the side bar. */
    pinia: () => client.locator('a[href="/pinia"]').click(),
    /** Switches the open inspector to its State or Timeline tab. */
    tab: (name: 'State' | 'Timeline') => client.getByText(name, { exact: true }).click(),
    /** Starts recording the timeline (the client records nothing until asked). */
    record: () => client.locator('.recording-btn').click(),
    /** An inspector tree node by its label. */
    node: (label: string | RegExp) => client.getByText(label, { exact: typeof label === 'string' }),
    /** Unfolds an inspector tree node by its toggle, unless it is open already. */
    async expand(label: string) {
      const toggle = client.locator('div.group', { has: client.getByText(label, { exact: true }) }).locator('[class*="triangle"]')
      if (!/\brotate-90\b/.test((await toggle.getAttribute('class')) ?? '')) await toggle.click()
    },
    /** The selected node's state (or the selected event's details), as `key: value` rows. */
    details,
    /** Every text the client shows right now. */
    text: () => client.locator('body').innerText(),
    /** The events of the open timeline with this title, among those in view. */
    events: (title: string) => client.locator('li p', { hasText: title }),
    /** Clicks the first event of the open timeline with this title, for its details. */
    async showEvent(title: string) {
      await client.locator('.vue-recycle-scroller').evaluate((element) => (element.scrollTop = 0))
      await client.locator('li p', { hasText: title }).first().click()
    },
    /**
     * Every event of the open timeline, oldest first, each clicked for its details. The list is
     * virtual (only the rows in view exist), so it is read a screenful at a time.
     */
    async timeline(): Promise<TimelineRow[]> {
      const scroller = client.locator('.vue-recycle-scroller')
      const rows = new Map<number, TimelineRow>()
      for (let top = 0; ; ) {
        const { height, end, items } = await scroller.evaluate(async (element, top) => {
          element.scrollTop = top
          await new Promise((rendered) => requestAnimationFrame(() => requestAnimationFrame(rendered)))
          const items = Array.from(element.querySelectorAll('li')).map((li) => ({
            y: Number(/translateY\((-?[\d.]+)px\)/.exec(li.style.transform)?.[1]),
            title: li.querySelector('p')?.childNodes[1]?.textContent?.trim() ?? '',
            subtitle: li.querySelector('p > span:last-child')?.textContent?.trim() ?? '',
          }))
          return { height: element.clientHeight, end: element.scrollTop + element.clientHeight >= element.scrollHeight, items }
        }, top)
        for (const { y, title, subtitle } of items.filter((item) => item.title && item.y >= 0 && !rows.has(item.y))) {
          await client.locator(`li[style*="translateY(${y}px)"] p`).click()
          rows.set(y, { title, subtitle, details: await details() })
        }
        if (end) break
        top += height
      }
      return [...rows].sort(([a], [b]) => a - b).map(([, row]) => row)
    },
  }
}
