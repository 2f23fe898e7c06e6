import type { BenchResults, CaseResult } from '../types'
import { count, notOk, table, times } from './format'

/** The words of the table, per language: the rows' labels and the cells' few words. */
const WORDS = {
  en: {
    head: ['', 'uni-relogin', 'seed wrapper', 'luch recipe', 'alova', 'axios-auth-refresh', 'axios-auth-refresh, `deduplicateRefresh: false`'],
    rows: [
      'all tokens expired: logins',
      '… sends with a stale token',
      '… requests without their own result',
      '… time to settle, × physical floor',
      'expiry mid-stream: requests without their result',
      'login fails: requests hung or lost',
      'stale 401 after the refresh: logins (1 is right)',
      'CPU per request, × bare luch-request',
      'heap growth over 100k requests, 1k expiry cycles',
    ],
    rejects: ' (it rejects)',
    hung: (n: number) => `${n} hung`,
    rejected: (n: number) => `${n} rejected`,
    settledIn: (time: string) => ` (all settled in ${time})`,
    took: (time: string) => ` (${time})`,
  },
  zh: {
    head: ['', 'uni-relogin', '原文封装', 'luch 写法', 'alova', 'axios-auth-refresh', 'axios-auth-refresh，`deduplicateRefresh: false`'],
    rows: [
      '全部过期：登录次数',
      '… 带过期 token 的发送',
      '… 没拿到自己结果的请求',
      '… 全部结束耗时，× 物理下限',
      '请求流中途过期：没拿到结果的请求',
      '登录失败：挂起或丢失的请求',
      '刷新后到达的过时 401：登录次数（1 为正确）',
      '单请求 CPU，× 纯 luch-request',
      '10 万个请求、1 千次过期周期后的堆增长',
    ],
    rejects: '（直接拒绝）',
    hung: (n: number) => `${n} 个挂起`,
    rejected: (n: number) => `${n} 个被拒`,
    settledIn: (time: string) => `（${time} 内全部结束）`,
    took: (time: string) => `（${time}）`,
  },
}

/** The time a reader takes in at a glance: `122 ms`, `5.8 s`. */
const brief = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`)

/**
 * The comparison at N = 1000 that the READMEs and the benchmarks pages show, in `language`, from a
 * committed run (`bench/results.json`): generated, so that the four copies never drift from it.
 * uni-relogin's cells on the expiry rows are bold.
 */
export function comparisonTable(results: BenchResults, language: keyof typeof WORDS): string {
  const words = WORDS[language]
  const names = [...new Set(results.cases.map((c) => c.contender))]
  const at = (scenario: CaseResult['scenario'], name: string) => results.cases.find((c) => c.scenario === scenario && c.contender === name && c.n === 1000)!
  const base = results.cpu[0]!
  const cells: Array<(name: string) => string> = [
    (name) => count(at(1, name), 'logins'),
    (name) => count(at(1, name), 'stale'),
    (name) => String(notOk(at(1, name))),
    (name) => {
      const c = at(1, name)
      return c.hung ? '—' : `${times(c.ms / c.idealMs)}${c.failed ? words.rejects : ''}`
    },
    (name) => {
      const c = at(2, name)
      return c.hung ? words.hung(c.hung) : c.failed ? words.rejected(c.failed) : String(notOk(c))
    },
    (name) => {
      const c = at(3, name)
      const left = c.hung + c.lost
      return left ? String(left) : `0${(name === names[0] ? words.settledIn : words.took)(brief(c.ms))}`
    },
    (name) => count(at(4, name), 'logins'),
    (name) => {
      const cpu = results.cpu.find((c) => c.name === name)
      return cpu ? times(cpu.medianUs / base.medianUs) : '—'
    },
    (name) => {
      const memory = results.memory.find((m) => m.name === name)
      if (!memory || 'error' in memory) return '—'
      return `${memory.growthBytes >= 0 ? '+' : '−'}${Math.round(Math.abs(memory.growthBytes) / 1024)} KB`
    },
  ]
  const rows = words.rows.map((label, row) =>
    [label, ...names.map((name, column) => {
      const cell = cells[row]!(name)
      // Bold ours on the expiry rows; a leading count keeps its words outside the bold.
      return column === 0 && row < 7 ? cell.replace(/^[^\s（(]+/, (lead) => `**${lead}**`) : cell
    })],
  )
  return table(words.head, rows, [false, ...names.map(() => true)])
}
