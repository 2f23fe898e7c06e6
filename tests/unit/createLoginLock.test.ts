import { describe, expect, it } from 'vitest'
import { createLoginLock } from '../../src/createLoginLock'

const deferred = <T>() => {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe('createLoginLock', () => {
  it('runs one task for every concurrent caller and gives them all its result', async () => {
    const lock = createLoginLock<string>()
    const gate = deferred<string>()
    let runs = 0
    const task = () => (runs++, gate.promise)
    const callers = [lock.run(task), lock.run(task), lock.run(task)]
    expect(lock.pending).toBeDefined()
    gate.resolve('T2')
    expect(await Promise.all(callers)).toEqual(['T2', 'T2', 'T2'])
    expect(runs).toBe(1)
    expect(lock.pending).toBeUndefined()
  })

  it('starts the task synchronously, so its first state change is visible at once', () => {
    const lock = createLoginLock<string>()
    let status = 'authenticated'
    void lock.run(async () => {
      status = 'logging-in'
      return 'T'
    })
    expect(status).toBe('logging-in')
  })

  it('is released before its waiters hear of a failure, so they can start a new run', async () => {
    const lock = createLoginLock<string>()
    let runs = 0
    const retried = lock
      .run(async () => (runs++, Promise.reject(new Error('down'))))
      .catch(() => lock.run(async () => (runs++, 'T3')))
    expect(await retried).toBe('T3')
    expect(runs).toBe(2)
  })

  it('settles every waiter when the task throws synchronously', async () => {
    const lock = createLoginLock<string>()
    const boom = () => {
      throw new Error('sync boom')
    }
    await expect(Promise.all([lock.run(boom), lock.run(boom)])).rejects.toThrow('sync boom')
    expect(lock.pending).toBeUndefined()
  })

  it('cancel() rejects every waiter now and ignores the late result', async () => {
    const lock = createLoginLock<string>()
    const gate = deferred<string>()
    const waiters = [lock.run(() => gate.promise), lock.run(() => gate.promise)]
    lock.cancel(new Error('logged out'))
    await expect(Promise.all(waiters)).rejects.toThrow('logged out')
    expect(lock.pending).toBeUndefined()
    gate.resolve('late')
    expect(await lock.run(async () => 'fresh')).toBe('fresh')
  })
  it('settle() gives every waiter the value now, frees the lock first, and ignores the late result', async () => {
    let pendingWhenChanged: unknown = 'never'
    const lock = createLoginLock<string>(() => (pendingWhenChanged = lock.pending))
    const gate = deferred<string>()
    let current = true
    const waiters = [lock.run((run) => gate.promise.finally(() => (current = run.current))), lock.run(() => gate.promise)]
    lock.settle('adopted')
    expect(pendingWhenChanged).toBeUndefined()
    expect(await Promise.all(waiters)).toEqual(['adopted', 'adopted'])
    gate.resolve('late')
    await gate.promise
    await Promise.resolve()
    expect(current).toBe(false)
    expect(await lock.run(async () => 'fresh')).toBe('fresh')
  })
})
