import { existsSync, readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The parts of a V8 .cpuprofile (`node --cpu-prof`) read here. */
interface CpuProfile {
  nodes: Array<{
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
    hitCount?: number
  }>
}

export interface HotFunction {
  name: string
  /** Source file and line (through the child bundle's source map), or the runtime's own location. */
  where: string
  /** Share of all samples spent in the function itself, %. */
  selfPercent: number
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * A source map's lookup from a generated position to its source file and line. Only what a profile
 * needs: each generated line's segments, as [generated column, source index, source line].
 */
function readSourceMap(mapFile: string): (line: number, column: number) => string | undefined {
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string }
  let source = 0
  let sourceLine = 0
  const lines = map.mappings.split(';').map((text) => {
    let column = 0
    const segments: Array<[number, number, number]> = []
    for (const segment of text.split(',').filter(Boolean)) {
      // Base64 VLQ: 5 bits a digit, bit 6 says "more", the lowest bit of the value is its sign.
      const values: number[] = []
      let value = 0
      let shift = 0
      for (const char of segment) {
        const digit = BASE64.indexOf(char)
        value += (digit & 31) << shift
        if (digit & 32) shift += 5
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1)
          value = shift = 0
        }
      }
      column += values[0]!
      if (values.length < 4) continue
      // Source index and line are relative to the previous segment's, across lines (the columns unused here).
      source += values[1]!
      sourceLine += values[2]!
      segments.push([column, source, sourceLine])
    }
    return segments
  })
  const root = resolve(import.meta.dirname, '../..')
  return (line, column) => {
    const segments = lines[line] ?? []
    let hit: (typeof segments)[number] | undefined
    for (const segment of segments) if (segment[0] <= column) hit = segment
    return hit && `${relative(root, resolve(dirname(mapFile), map.sources[hit[1]]!))}:${hit[2] + 1}`
  }
}

/** The functions with the most self time in a .cpuprofile, source-mapped where the bundle has a map. */
export function summariseProfile(profileFile: string, top: number): HotFunction[] {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile
  const maps = new Map<string, ReturnType<typeof readSourceMap> | undefined>()
  const locate = ({ url, lineNumber, columnNumber }: CpuProfile['nodes'][number]['callFrame']) => {
    if (!url.startsWith('file:')) return url ? `${url}:${lineNumber + 1}` : ''
    const file = fileURLToPath(url)
    if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) ? readSourceMap(`${file}.map`) : undefined)
    return maps.get(file)?.(lineNumber, columnNumber) ?? `${file}:${lineNumber + 1}`
  }
  const selfHits = new Map<string, HotFunction & { hits: number }>()
  let total = 0
  for (const { callFrame, hitCount = 0 } of profile.nodes) {
    total += hitCount
    if (!hitCount) continue
    const name = callFrame.functionName || '(anonymous)'
    const where = locate(callFrame)
    const key = `${name} ${where}`
    const entry = selfHits.get(key) ?? { name, where, selfPercent: 0, hits: 0 }
    entry.hits += hitCount
    selfHits.set(key, entry)
  }
  return [...selfHits.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map(({ name, where, hits }) => ({ name, where, selfPercent: (100 * hits) / total }))
}
