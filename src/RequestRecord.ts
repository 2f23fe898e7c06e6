import type { HttpTask } from 'luch-request'
import { createAbortController, type AbortControllerLike, type AbortSignalLike } from './createAbortController'
import type { RecordOwner } from './createHttp'
import { isReloginError, labelOf, ReloginError, type RequestEventBody, type RequestLabel, type Told } from './errors'
import { invalidRequest } from './named'
import type { ResolvedRetry } from './options'

/**
 * One logical request, from the call to its caller's result, across every replay and retry. The
 * states, and the one function that moves between them (`move`):
 *
 *   new ──our request interceptor──▶ [offline] ──▶ [held] ──▶ [queued] ──▶ sending
 *   sending ──the platform answers or fails──▶ answered
 *   answered ──expired──▶ held ──▶ sending (a replay, through our interceptors alone)
 *   answered ──failed, and safe to repeat──▶ retrying | paused ──▶ sending
 *   any ──the chain ends, however it ends──▶ settled (`run`, the one release point)
 *
 * The bracketed states and `retrying` and `paused` are waits. A wait ends at once with
 * `ERR_CANCELED` when the caller's signal or its page aborts, or when the session's epoch ends
 * under a request of the session (it carries the token). `move` checks both before every step, so
 * no feature can send, hold, retry or resume a request that is over. See docs/design.md.
 */
export type RequestState = 'new' | 'offline' | 'held' | 'queued' | 'sending' | 'answered' | 'retrying' | 'paused' | 'settled'

type WaitState = 'offline' | 'held' | 'queued' | 'retrying' | 'paused'

export class RequestRecord {
  /** The `id` of its `request:*` events, counting from 1 across the app. */
  readonly id = ++records
  state: RequestState = 'new'
  /** The session's epoch when the call was made. */
  readonly epoch: number
  /** Whether it carries (or waits for) the session's token; set by our request interceptor. */
  ofSession = false
  /** The token the current attempt carries. */
  token: string | undefined
  /** Its idempotency key, the same on every attempt. */
  key: string | undefined
  /** Re-logins it waited on (`maxRelogins`). */
  relogins = 0
  /** Attempts after the first, the background's resend included. */
  retries = 0
  /** The rule it is sent again by, read by `retry()` on its first attempt. */
  retry: ResolvedRetry | undefined
  /** Whether its end is told (`request:settled`): set by its first event, or by a feature that follows every request. */
  told = false
  private slot = false
  private task: HttpTask | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  /** Aborts the wait in progress, if any. */
  private waiter: AbortControllerLike | undefined
  private readonly signals: AbortSignalLike[] = NONE
  /** Its listener on `signals`, made only when it has one to follow. */
  private readonly onAbort: (() => void) | undefined

  constructor(
    private readonly owner: RecordOwner,
    /** The caller's part of the request that the record follows. */
    private readonly input: RequestLabel & { custom?: { signal?: AbortSignalLike; page?: AbortSignalLike } },
  ) {
    this.epoch = owner.auth.epoch
    const { signal, page } = input.custom ?? {}
    if (!signal && !page) return
    this.signals = signal ? (page ? [signal, page] : [signal]) : [page!]
    this.onAbort = () => this.abort()
    for (const each of this.signals) each.addEventListener('abort', this.onAbort)
  }

  get aborted(): boolean {
    for (const signal of this.signals) if (signal.aborted) return true
    return false
  }

  /** A request of the session whose epoch a logout has ended. */
  get ended(): boolean {
    return this.ofSession && this.epoch !== this.owner.auth.epoch
  }

  /** The one transition. Into a wait or a send, it first checks that the request is still wanted. */
  move(state: Exclude<RequestState, 'settled'>): void {
    if (state !== 'answered') {
      if (this.state === 'settled' || this.aborted) throw canceled('Request aborted')
      if (this.ended) throw canceled('Logged out')
    }
    this.state = state
  }

  /** Emits one of its `request:*` events, with its id and its label (the path alone). */
  tell(event: Told): void {
    this.told = true
    this.owner.onEvent({ ...event, id: this.id, request: labelOf(this.input) } as RequestEventBody)
  }

  /** Waits in `state` for what `start` begins; leaves at once if the request stops being wanted. */
  wait<T>(state: WaitState, start: (signal: AbortSignalLike) => Promise<T>): Promise<T> {
    try {
      this.move(state)
    } catch (error) {
      return Promise.reject(error)
    }
    const waiter = (this.waiter = createAbortController())
    this.owner.live.add(this)
    return new Promise<T>((resolve, reject) => {
      waiter.signal.addEventListener('abort', () => reject(waiter.signal.reason))
      start(waiter.signal).then(resolve, reject)
    }).finally(() => {
      if (this.waiter === waiter) this.waiter = undefined
      this.owner.live.delete(this)
      clearTimeout(this.timer)
    })
  }

  /** Resolves after `ms`, inside a `wait`: the timer is this record's, cleared when the wait ends. */
  delay(ms: number): Promise<void> {
    return new Promise<void>((resolve) => (this.timer = setTimeout(resolve, ms)))
  }

  /** Takes a limiter slot if one is free now. */
  take(): boolean {
    return (this.slot = this.owner.limiter.tryAcquire())
  }

  /** Waits for a limiter slot. A slot granted as the wait ends is still this record's, so `settle` frees it. */
  queue(priority = false): Promise<void> {
    const { limiter } = this.owner
    return this.wait('queued', (signal) =>
      limiter.acquire({ priority, signal }).then(() => {
        if (this.state === 'settled') limiter.release()
        else this.slot = true
      }),
    )
  }

  /** The platform answered or failed this attempt: its slot goes back at once, not at settle. */
  answered(): void {
    this.move('answered')
    this.release()
  }

  /** Gives back the slot, if it holds one. */
  release(): void {
    if (this.slot) this.owner.limiter.release()
    this.slot = false
  }

  /** The platform task of the attempt in flight, so that an abort reaches it. */
  watch(task: HttpTask): void {
    this.task = task
    if (this.aborted) task.abort()
  }

  /** The session's epoch ended: if this request of it waits, it leaves now. One in flight finishes on its own. */
  interrupt(): void {
    if (this.ended) this.waiter?.abort(canceled('Logged out'))
  }

  /**
   * Runs the request's whole chain, and settles the record once when it ends, however it ends:
   * p-limit's discipline, so that no rejection, with or without a `config`, can skip the release.
   */
  run<T>(chain: () => Promise<T>): Promise<T> {
    let chained: Promise<T>
    try {
      chained = chain()
    } catch (error) {
      chained = Promise.reject(error)
    }
    return chained.then(
      (value) => (this.settle(true, (value as { statusCode?: number } | undefined)?.statusCode), value),
      (error: unknown) => {
        const ended = invalidRequest(error, this.state === 'sending', this.input)
        this.settle(false, (ended as ReloginError | undefined)?.statusCode, isReloginError(ended) ? ended.code : undefined)
        throw ended
      },
    )
  }

  /** The one release point: the slot, the timer, the abort listeners. Then its end is told. */
  private settle(ok: boolean, status?: number, code?: ReloginError['code']): void {
    this.state = 'settled'
    this.release()
    clearTimeout(this.timer)
    this.task = undefined
    for (const each of this.signals) each.removeEventListener('abort', this.onAbort!)
    if (this.told) this.tell({ type: 'request:settled', ok, status, code })
  }

  /** The caller or its page aborted: the wait or the attempt in flight ends. */
  private abort(): void {
    this.waiter?.abort(canceled('Request aborted'))
    this.task?.abort()
  }
}

const NONE: AbortSignalLike[] = []
let records = 0
const canceled = (message: string) => new ReloginError('ERR_CANCELED', message)
