/** Small formatters shared by the Markdown and SVG writers and the docs' comparison table. */
import type { CaseResult, CountKey } from '../types'

export const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`)

export const times = (value: number) => `${value.toFixed(2)}×`

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/** Exact bytes, grouped: the bundle goals are stated in bytes. */
export const bytes = (value: number) => `${value < 0 ? '−' : ''}${Math.abs(value).toLocaleString('en-US')} B`

export const signedKb = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${kb(Math.abs(bytes))}`

/** A GitHub Markdown table; columns are right-aligned when numeric-looking, or when `right` says so. */
export function table(head: string[], rows: Array<Array<string | number>>, right?: boolean[]): string {
  const numeric = right ?? head.map((_, c) => rows.length > 0 && rows.every((row) => /^[−+]?[\d.,]+|^never$|^—$/.test(String(row[c]))))
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`
  return [line(head), line(numeric.map((right) => (right ? '---:' : '---'))), ...rows.map(line)].join('\n')
}

/** Requests that did not get their own result: rejected, resolved with another's, or never settled. */
export const notOk = (c: CaseResult) => c.failed + c.lost + c.hung

/** A count, with its range across the runs when the runs disagreed. */
export const count = (c: CaseResult, key: CountKey) => {
  const range = c.ranges?.[key]
  return range ? `${c[key]} (${range[0]}–${range[1]})` : String(c[key])
}
