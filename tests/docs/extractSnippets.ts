/** One fenced code block of a markdown file. */
export interface Snippet {
  /** 1-based line of the opening fence, for messages that point into the file. */
  line: number
  /** The fence's info string's first word: `ts`, `vue`, `json`, `bash`, … */
  lang: string
  /** The block's text, without the fence's own indentation (a block inside a list item is indented). */
  code: string
  /**
   * What an `<!-- snippet: … -->` comment on the line just above the fence says: how the check must
   * treat a block that cannot compile as it stands (`fails TS2322, …`).
   */
  marker?: string
}

const fence = /^(\s*)(`{3,})\s*(\S*)/
const markerComment = /^\s*<!--\s*snippet:\s*(.*?)\s*-->\s*$/

/** Every fenced code block of `markdown`, in order. */
export function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n')
  const snippets: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i]!)
    if (!open) continue
    const [, indent, ticks, lang] = open as unknown as [string, string, string, string]
    const body: string[] = []
    let end = i + 1
    while (end < lines.length && !lines[end]!.trimStart().startsWith(ticks)) body.push(lines[end++]!.slice(indent.length))
    if (end === lines.length) throw new Error(`The code block at line ${i + 1} is never closed`)
    const marker = i > 0 ? markerComment.exec(lines[i - 1]!)?.[1] : undefined
    snippets.push({ line: i + 1, lang, code: `${body.join('\n')}\n`, ...(marker === undefined ? {} : { marker }) })
    i = end
  }
  return snippets
}
