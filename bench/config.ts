/**
 * Every knob of the benchmark in one place. All contenders run with exactly these values.
 * Latencies are injected by the bench server; localhost adds well under a millisecond on top.
 */
export const LATENCY = {
  /** Server time of an ordinary API request (its "RTT"). */
  requestMs: 20,
  /** `wx.login`: the runtime GETs a code from the server, which answers after this long. */
  codeMs: 10,
  /** The code → token exchange (`POST /login`, i.e. the backend calling code2session). */
  loginMs: 30,
}

/** One login, as the client sees it: `wx.login` then the exchange. */
export const LOGIN_RTT = LATENCY.codeMs + LATENCY.loginMs

/** WeChat runs at most 10 request/uploadFile/downloadFile at once and queues the rest (FIFO). */
export const PLATFORM_CAP = 10

/** Concurrent requests per run. */
export const SIZES = [1, 10, 100, 1000]

/** Runs per scenario, contender and N; the report shows the median-time run and the range of counts. */
export const REPEATS = 3

/**
 * A pending request counts as hung once the platform has been idle (nothing running or queued,
 * no login in progress) for `idleMs`: nothing is left that could settle it. A run is cut off at
 * `floorMs + factor × ideal` in any case (a client still looping by then).
 */
export const DEADLINE = { idleMs: 1_000, floorMs: 10_000, factor: 3 }

/**
 * Scenario 7: expiry cycles × concurrent requests per cycle = 100k requests, after a warm-up, with
 * the heap sampled (after forced GC) every `sampleEvery` cycles.
 */
export const MEMORY = { cycles: 1_000, perCycle: 100, warmupCycles: 100, sampleEvery: 100, cycleDeadlineMs: 2_000 }

/**
 * Scenario 5 (tinybench). One sample = `batch` sequential requests, so a sample is long enough
 * (~1 ms) for the timer, and a GC pause lands in a sample instead of being one. The contenders take
 * turns: `rounds` rounds of `timeMs` each (after `warmupMs` of warm-up), each round starting one
 * contender later than the one before.
 */
export const CPU = { rounds: 6, timeMs: 250, warmupMs: 100, batch: 100 }
