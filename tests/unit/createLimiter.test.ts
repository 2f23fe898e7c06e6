import { describe, expect, it } from 'vitest'
import { createAbortController } from '../../src/createAbortController'
import { createLimiter } from '../../src/createLimiter'

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('createLimiter', () => {
  it('grants slots in FIFO order, with priority waiters first', async () => {
    const limiter = createLimiter(1)
    limiter.tryAcquire()
    const order: string[] = []
    void limiter.acquire().then(() => order.push('a'))
    void limiter.acquire().then(() => order.push('b'))
    void limiter.acquire({ priority: true }).then(() => order.push('login'))
    for (let i = 0; i < 3; i++) {
      limiter.release()
      await flush()
    }
    expect(order).toEqual(['login', 'a', 'b'])
  })

  it('rejects an already aborted waiter without disturbing the queue', async () => {
    const limiter = createLimiter(1)
    limiter.tryAcquire()
    let granted = false
    void limiter.acquire().then(() => (granted = true))
    const controller = createAbortController()
    controller.abort()
    await expect(limiter.acquire({ signal: controller.signal })).rejects.toMatchObject({ code: 'ERR_CANCELED' })
    limiter.release()
    await flush()
    expect(granted).toBe(true)
  })

  it('frees the place of a waiter aborted while queued', async () => {
    const limiter = createLimiter(1)
    limiter.tryAcquire()
    const controller = createAbortController()
    const aborted = limiter.acquire({ signal: controller.signal })
    let granted = false
    void limiter.acquire().then(() => (granted = true))
    controller.abort()
    await expect(aborted).rejects.toMatchObject({ code: 'ERR_CANCELED' })
    limiter.release()
    await flush()
    expect(granted).toBe(true)
    expect(limiter.tryAcquire()).toBe(false)
  })
})

describe('createLimiter with a signal that keeps its listeners', () => {
  it('an abort after the grant removes nobody else from the queue', async () => {
    const limiter = createLimiter(1)
    limiter.tryAcquire()
    // A signal-like whose removeEventListener does nothing: the abort still reaches the granted waiter.
    const listeners: Array<() => void> = []
    const sloppy = {
      aborted: false,
      addEventListener: (_: 'abort', listener: () => void) => void listeners.push(listener),
      removeEventListener: () => {},
    }
    const order: string[] = []
    void limiter.acquire({ signal: sloppy }).then(() => order.push('b'))
    void limiter.acquire().then(() => order.push('c'))
    limiter.release()
    await flush()
    sloppy.aborted = true
    for (const listener of listeners) listener()
    limiter.release()
    await flush()
    expect(order).toEqual(['b', 'c'])
  })
})
