import { SIZES } from '../config'
import type { BenchResults, CaseResult } from '../types'

/** A bar's value, or a mark drawn instead of a bar (the run has no meaningful value). */
type Cell = number | { mark: '∞' | '✗' }

interface Panel {
  title: string
  /** Per contender (series), per N (group). */
  cells: Cell[][]
  scale: 'log' | 'linear'
  /** A fixed top for the axis (percentages); otherwise from the data. */
  max?: number
  format(value: number): string
}

const COLORS = ['#2563eb', '#9ca3af', '#f59e0b', '#10b981', '#ef4444', '#f9a8d4']
const COLUMNS = 3
const PANEL = { w: 380, h: 270, gapX: 20, gapY: 34 }
const PLOT = { left: 40, right: 6, top: 34, bottom: 36 }
const ORIGIN = { x: 20, y: 82 }
const W = ORIGIN.x * 2 + COLUMNS * PANEL.w + (COLUMNS - 1) * PANEL.gapX

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;')
const count = (v: number) => (v >= 1000 ? `${Math.round(v / 100) / 10}k` : String(Math.round(v)))

/** Axis top: a power of ten (log) or a round number (linear) at or above the largest value. */
function axisMax(values: number[], scale: Panel['scale']): number {
  const max = Math.max(1, ...values)
  if (scale === 'log') return 10 ** Math.ceil(Math.log10(max))
  const step = 10 ** Math.floor(Math.log10(max))
  return Math.ceil(max / step) * step
}

function drawPanel(panel: Panel, x: number, y: number): string {
  const plotW = PANEL.w - PLOT.left - PLOT.right
  const plotH = PANEL.h - PLOT.top - PLOT.bottom
  const values = panel.cells.flat().filter((cell): cell is number => typeof cell === 'number')
  const max = panel.max ?? axisMax(values, panel.scale)
  // Log bars start at 0.5 so that a value of 1 still shows as a bar.
  const height = (v: number) =>
    panel.scale === 'log' ? (v <= 0 ? 0 : (Math.log10(v / 0.5) / Math.log10(max / 0.5)) * plotH) : (v / max) * plotH
  const ticks = panel.scale === 'log' ? Array.from({ length: Math.log10(max) + 1 }, (_, i) => 10 ** i) : [0, max / 2, max]
  const baseY = PLOT.top + plotH
  const out = [`<g transform="translate(${x},${y})">`, `<text x="0" y="14" class="title">${esc(panel.title)}</text>`]
  for (const tick of ticks) {
    const ty = baseY - height(tick)
    out.push(`<line x1="${PLOT.left}" x2="${PLOT.left + plotW}" y1="${ty}" y2="${ty}" class="grid"/>`)
    out.push(`<text x="${PLOT.left - 4}" y="${ty + 3}" class="tick" text-anchor="end">${panel.format(tick)}</text>`)
  }
  const groupW = plotW / SIZES.length
  const barW = (groupW - 10) / panel.cells.length
  SIZES.forEach((n, g) => {
    const gx = PLOT.left + g * groupW + 5
    out.push(`<text x="${gx + (groupW - 10) / 2}" y="${baseY + 15}" class="tick" text-anchor="middle">N = ${n}</text>`)
    panel.cells.forEach((row, s) => {
      const cell = row[g]!
      const cx = gx + s * barW + barW / 2
      if (typeof cell !== 'number') {
        out.push(`<text x="${cx}" y="${baseY - 4}" class="mark" text-anchor="middle">${cell.mark}</text>`)
        return
      }
      const bh = height(cell)
      out.push(`<rect x="${gx + s * barW + 1}" y="${baseY - bh}" width="${barW - 2}" height="${bh}" fill="${COLORS[s]}"/>`)
      out.push(`<text x="${cx}" y="${baseY - bh - 3}" class="value" text-anchor="middle">${panel.format(cell)}</text>`)
    })
  })
  out.push(`<line x1="${PLOT.left}" x2="${PLOT.left + plotW}" y1="${baseY}" y2="${baseY}" class="axis"/>`, '</g>')
  return out.join('\n')
}

/** results.svg: six panels of grouped bars, one colour per contender. */
export function writeSvg(results: BenchResults): string {
  const names = [...new Set(results.cases.map((c) => c.contender))]
  const cells = (scenario: CaseResult['scenario'], pick: (c: CaseResult) => Cell) =>
    names.map((name) => SIZES.map((n) => pick(results.cases.find((c) => c.scenario === scenario && c.contender === name && c.n === n)!)))
  const percent = (part: number, c: CaseResult) => (100 * part) / (c.ok + c.failed + c.lost + c.hung)
  const panels: Panel[] = [
    { title: 'S1 all expired: logins (log)', cells: cells(1, (c) => c.logins), scale: 'log', format: count },
    { title: 'S1 all expired: sends with a stale token (log)', cells: cells(1, (c) => c.stale), scale: 'log', format: count },
    {
      title: 'S1 all expired: time to every result, × floor',
      cells: cells(1, (c) => (c.hung ? { mark: '∞' } : c.failed + c.lost ? { mark: '✗' } : c.ms / c.idealMs)),
      scale: 'linear',
      format: (v) => v.toFixed(1),
    },
    {
      title: 'S2 expiry mid-stream: % without their result',
      cells: cells(2, (c) => percent(c.failed + c.lost + c.hung, c)),
      scale: 'linear',
      max: 100,
      format: (v) => String(Math.round(v)),
    },
    {
      title: 'S3 login fails: % of requests hung or lost',
      cells: cells(3, (c) => percent(c.hung + c.lost, c)),
      scale: 'linear',
      max: 100,
      format: (v) => String(Math.round(v)),
    },
    { title: 'S4 late stale 401: logins (log; 1 is right)', cells: cells(4, (c) => c.logins), scale: 'log', format: count },
  ]
  const rows = Math.ceil(panels.length / COLUMNS)
  const height = ORIGIN.y + rows * PANEL.h + (rows - 1) * PANEL.gapY + 28
  // Legend entries side by side, each as wide as its label (about 6.5 px a character at 12 px).
  let legendX = ORIGIN.x
  const legend = names
    .map((name, i) => {
      const entry = `<rect x="${legendX}" y="40" width="12" height="12" fill="${COLORS[i]}"/><text x="${legendX + 18}" y="50" class="legend">${esc(name)}</text>`
      legendX += 18 + name.length * 6.5 + 24
      return entry
    })
    .join('\n')
  const body = panels
    .map((panel, i) =>
      drawPanel(panel, ORIGIN.x + (i % COLUMNS) * (PANEL.w + PANEL.gapX), ORIGIN.y + Math.floor(i / COLUMNS) * (PANEL.h + PANEL.gapY)),
    )
    .join('\n')
  const { meta } = results
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">
<style>
.title { font-size: 12px; font-weight: 600; fill: #111827 }
.heading { font-size: 15px; font-weight: 600; fill: #111827 }
.legend { font-size: 12px; fill: #111827 }
.tick { font-size: 10px; fill: #6b7280 }
.value { font-size: 8px; fill: #374151 }
.mark { font-size: 13px; fill: #b91c1c; font-weight: 700 }
.note { font-size: 10px; fill: #6b7280 }
.grid { stroke: #e5e7eb; stroke-width: 1 }
.axis { stroke: #9ca3af; stroke-width: 1 }
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="${ORIGIN.x}" y="24" class="heading">Silent re-login after token expiry: same Node uni runtime, same server, same latencies, WeChat's 10-request cap</text>
${legend}
${body}
<text x="${ORIGIN.x}" y="${height - 10}" class="note">∞ = some requests never settled · ✗ = some requests failed or resolved empty · npm run bench, ${esc(meta.date)}, Node ${esc(meta.node)}, ${meta.cores} cores · details in bench/results.md</text>
</svg>
`
}
