import type { RootComponent } from './miniProgram'

type Node = NonNullable<ReturnType<RootComponent['querySelector']>>

/**
 * What a user does to and sees on the page on top (`currentPage()`), hosted by miniprogram-simulate. Built-in components are
 * stubs there, so the events a real `input`, `switch` or `button` would fire are dispatched by hand
 * with WeChat's `detail`; what they show is read from the rendered template, never from page data.
 */
export function createPageDriver(currentPage: () => RootComponent) {
  const find = (selector: string) => currentPage().querySelector(selector) as Node | undefined
  const one = (selector: string) => find(selector) ?? fail(`nothing matches ${selector} on the page`)
  const textOf = (node: Node) => node.dom?.textContent?.trim() ?? ''
  // A stub keeps no properties; the attributes the template rendered onto it are in its JSON.
  const attrOf = (node: Node, name: string) => node.toJSON().attrs.find((attr) => attr.name === name)?.value

  return {
    /** Everything the page shows, for failure messages. */
    pageText: (): string => currentPage().dom?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    /** The element's text, or null when nothing matches (a `v-if` that is off). */
    text: (selector: string): string | null => {
      const node = find(selector)
      return node ? textOf(node) : null
    },
    texts: (selector: string): string[] => (currentPage().querySelectorAll(selector) as Node[]).map(textOf),
    /** An attribute as rendered, e.g. an input's `value` or a progress bar's `percent`. */
    attr: (selector: string, name: string): unknown => attrOf(one(selector), name) ?? null,
    input(selector: string, value: string): void {
      one(selector).dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } })
    },
    change(selector: string, value: unknown): void {
      one(selector).dispatchEvent('change', { detail: { value } })
    },
    /** Any other component event with WeChat's `detail`, e.g. a button's `getphonenumber`. */
    trigger(selector: string, event: string, detail: unknown): void {
      one(selector).dispatchEvent(event, { detail })
    },
    /** A finger on the element; a disabled button swallows it, as on a phone. */
    tap(selector: string): void {
      const node = one(selector)
      const disabled = attrOf(node, 'disabled')
      if (disabled === true || disabled === 'true') fail(`${selector} is disabled`)
      node.dispatchEvent('tap', { detail: { x: 0, y: 0 } })
    },
  }
}

export type PageDriver = ReturnType<typeof createPageDriver>

function fail(message: string): never {
  throw new Error(message)
}
