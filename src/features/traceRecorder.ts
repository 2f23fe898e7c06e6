import type { Feature } from '../Feature'
import { DEV, misuse } from '../dev'
import { redactEvent, type RedactedEvent } from './redactEvent'

/**
 * A span of OpenTelemetry's model, in its JSON names: a login run (`login`), or a request that
 * waited (`GET /path`). `events` are its span events; a request's `links` name the runs it waited on.
 */
export interface TraceSpan {
  name: string
  /** `run-<run id>` or `request-<request id>`: stable for the app's lifetime. */
  spanId: string
  /** Epoch ms of its first and last event in the trace. */
  startTime: number
  endTime: number
  /** `ok` or `error` once a run or a request ended (`request:settled`); `unset` before. */
  status: { code: 'ok' | 'error' | 'unset'; message?: string }
  attributes: Record<string, string | number | boolean>
  events: { name: string; time: number; attributes: Record<string, string | number | boolean> }[]
  links: { spanId: string }[]
}

/** What `trace()` returns: plain JSON, safe to attach to an error report. */
export interface Trace {
  /** The recorder's own clock at `trace()`, epoch ms. */
  at: number
  /** The redacted events themselves, oldest first: the last `size`. */
  events: RedactedEvent[]
  spans: TraceSpan[]
}

/** `traceRecorder(options)`. */
export interface TraceRecorderOptions {
  /**
   * How many events it keeps, the oldest dropped first.
   * @default 100
   */
  size?: number
}

/** The feature `traceRecorder()` returns: hand it to `features`, and call `trace()` for a report. */
export interface TraceRecorder extends Feature {
  trace(): Trace
}

/**
 * Keeps the last `size` events in memory, redacted (never a token, a refresh token, a header, a
 * response body or a query string), for an app to attach to its error report. Opt-in and small:
 * production-safe. See docs/guide/devtools.md, "In production".
 *
 * @example
 * const recorder = traceRecorder({ size: 200 })
 * createRelogin({ baseURL, exchange, features: [recorder] })
 * Sentry.setContext('relogin', recorder.trace())
 */
export function traceRecorder({ size = 100 }: TraceRecorderOptions = {}): TraceRecorder {
  if (!Number.isInteger(size) || size < 1) throw misuse('traceRecorder({ size })', DEV && `must be a positive integer, got ${String(size)}.`)
  const kept: RedactedEvent[] = []
  return {
    onEvent(event) {
      if (kept.push(redactEvent(event)) > size) kept.shift()
    },
    trace: () => ({ at: Date.now(), events: kept.map((event) => ({ ...event })), spans: spansOf(kept) }),
  }
}

/**
 * Folds events into spans. A request held or replayed waits on the run open then, or, when none is,
 * on the next run to start: the core emits the hold just before it asks for the login.
 */
function spansOf(events: RedactedEvent[]): TraceSpan[] {
  const spans = new Map<string, TraceSpan>()
  let open: TraceSpan | undefined
  let waiting: TraceSpan[] = []
  for (const event of events) {
    const { type, at, run, id, method, url, error, ok, status, code, ...rest } = event
    const spanId = run !== undefined ? `run-${run}` : id !== undefined ? `request-${id}` : undefined
    const attributes: TraceSpan['attributes'] = { ...rest }
    const failure = error?.code ?? code
    const answer = status ?? error?.status
    if (failure) attributes['error.code'] = failure
    if (error) attributes['error.message'] = error.message
    if (answer) attributes['http.response.status_code'] = answer
    if (!spanId) {
      // login:adopted, logout:adopted: the session's, outside any span of ours.
      const span = open ?? spans.get('session') ?? newSpan(spans, 'session', 'session', at, {})
      addEvent(span, type, at, attributes)
      continue
    }
    const span =
      spans.get(spanId) ??
      newSpan(spans, spanId, run !== undefined ? 'login' : `${method} ${url}`, at, run !== undefined ? { 'relogin.run': run } : { 'relogin.request': id!, 'http.request.method': method!, 'url.path': url ?? '' })
    addEvent(span, type, at, attributes)
    if (type === 'login:start') {
      open = span
      for (const each of waiting) link(each, span)
      waiting = []
    } else if (type === 'login:success' || type === 'login:failure') {
      span.status = error ? { code: 'error', message: error.code } : { code: 'ok' }
      if (open === span) open = undefined
    } else if (type === 'request:settled') {
      span.status = ok ? { code: 'ok' } : { code: 'error', message: code }
    } else if (type === 'request:held' || type === 'request:replay') {
      if (open) link(span, open)
      else waiting.push(span)
    }
  }
  return [...spans.values()]
}

function newSpan(spans: Map<string, TraceSpan>, spanId: string, name: string, at: number, attributes: TraceSpan['attributes']): TraceSpan {
  const span: TraceSpan = { name, spanId, startTime: at, endTime: at, status: { code: 'unset' }, attributes, events: [], links: [] }
  spans.set(spanId, span)
  return span
}

function addEvent(span: TraceSpan, name: string, time: number, attributes: TraceSpan['attributes']) {
  span.endTime = time
  span.events.push({ name, time, attributes })
}

function link(span: TraceSpan, run: TraceSpan) {
  if (!span.links.some((each) => each.spanId === run.spanId)) span.links.push({ spanId: run.spanId })
}
