import type { NodeUni } from '../../testing/createNodeUni'
import { deferred } from './deferred'

type RequestOptions = Parameters<NodeUni['request']>[0]

/**
 * Wraps the runtime's `uni.request` so that responses of matching URLs are delivered only when the
 * test says: the request really reaches the server, its answer just arrives late. Also counts the
 * platform requests open at once.
 */
export function holdResponses(uni: NodeUni, match: (url: string) => boolean) {
  const request = uni.request.bind(uni)
  const held: Array<() => void> = []
  const arrived = { count: 0, next: deferred() }
  const state = { active: 0, maxActive: 0 }
  uni.request = ((options: RequestOptions) => {
    state.active++
    state.maxActive = Math.max(state.maxActive, state.active)
    const hold = match(String(options.url))
    const deliver = (callback?: (result: never) => void) => (result: never) => {
      const run = () => callback?.(result)
      if (!hold) return run()
      held.push(run)
      arrived.count++
      arrived.next.resolve()
    }
    return request({
      ...options,
      success: deliver(options.success as never),
      fail: deliver(options.fail as never),
      complete: (result: never) => {
        const done = () => {
          state.active--
          ;(options.complete as ((r: never) => void) | undefined)?.(result)
        }
        if (hold) held.push(done)
        else done()
      },
    } as RequestOptions)
  }) as NodeUni['request']
  return {
    state,
    /** Resolves once `n` held responses have arrived in total. */
    async arrivals(n: number) {
      while (arrived.count < n) {
        arrived.next = deferred()
        await arrived.next.promise
      }
    },
    /** Delivers every response held so far, in arrival order. */
    release() {
      for (const run of held.splice(0)) run()
    },
  }
}
