import type { Target, VariantSize } from './bundle/measureBundles'

/** What every contender exposes to the harness: the same small surface, built the way its users build it. */
export interface Client {
  /** Resolves with the response body, as the library hands it to app code. */
  get(path: string): Promise<unknown>
  /** Stops what the client itself started (timers, listeners). Most have nothing to stop. */
  dispose(): void
}

export interface Contender {
  /** Label in the tables. */
  name: string
  /** Builds a fresh client. The platform is already installed as `uni` (and `wx`) when this runs. */
  setup(baseURL: string): Client
}

/** The outcome of one scenario run for one contender and one N. */
export interface CaseResult {
  scenario: 0 | 1 | 2 | 3 | 4
  contender: string
  n: number
  /** Code exchanges the server received (each preceded by one `wx.login`). */
  logins: number
  /** API requests that reached the server with a token that was no longer valid. */
  stale: number
  /** Resolved with this request's own body. */
  ok: number
  /** Rejected. */
  failed: number
  /** Resolved, but not with this request's body (undefined, another body…): the caller believes it succeeded. */
  lost: number
  /** Still pending when nothing was left to settle them (see DEADLINE). */
  hung: number
  /** From the first request issued to the last one settled. */
  ms: number
  /** The physical lower bound for this workload (see workloads.ts). */
  idealMs: number
  /** Most platform calls the server saw at once. */
  maxInFlight: number
  /** How many runs this row summarises (the one with the median time is shown). */
  runs?: number
  /** Counts that differed between the runs: [min, max]. */
  ranges?: Partial<Record<CountKey, [number, number]>>
}

export type CountKey = 'logins' | 'stale' | 'ok' | 'failed' | 'lost' | 'hung'

/** Scenario 5, per contender. */
export interface CpuResult {
  name: string
  /** Median time per request, µs (of the batch samples): stable run to run. */
  medianUs: number
  /** Mean time per request, µs: includes the GC pauses, and varies more. */
  meanUs: number
  /** Relative margin of error of the mean, %. */
  rme: number
  samples: number
}

/** Scenario 7, per contender. */
export interface MemoryResult {
  name: string
  /** Requests issued in the measured cycles. */
  requests: number
  /** Of those, how many rejected (a request that settles, either way, frees what it held). */
  failed: number
  /** Heap after each `sampleEvery` cycles, bytes; the first is the baseline. */
  samples: number[]
  cycles: number
  logins: number
  baselineBytes: number
  finalBytes: number
  growthBytes: number
  /** Largest minus smallest of the heap samples: the noise band the growth should be read against. */
  spreadBytes: number
  /** Set when a cycle left requests unsettled: the run stopped there (pending promises are retained). */
  hungAt?: { cycle: number; hung: number }
  ms: number
}

/** Everything one `npm run bench` measured, as the report writers take it. */
export interface BenchResults {
  meta: { date: string; node: string; cpu: string; cores: number; totalSeconds: number }
  cases: CaseResult[]
  cpu: CpuResult[]
  /** Scenario 6: common/vendor.js of every variant app at every target. */
  bundles: VariantSize[]
  /** The former esbuild-only approximation of `bundle` (relogin-full minus bare-luch), per target. */
  esbuildBundle: Array<{ target: Target; rawBytes: number; gzipBytes: number }>
  /** `error` when the child did not finish (e.g. killed at its time limit). */
  memory: Array<MemoryResult | { name: string; error: string }>
}
