import { expect } from 'vitest'
import { isReloginError } from '../../src/index'

/**
 * Waits for every promise to settle, failing the test (and naming how many) if any is still
 * pending after `ms`: a hang must fail loudly, not time the whole suite out.
 */
export async function settles<T>(promises: Promise<T>[], ms = 5_000): Promise<PromiseSettledResult<T>[]> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), ms)))
  const settled = Promise.allSettled(promises)
  const outcome = await Promise.race([settled, deadline])
  clearTimeout(timer)
  if (outcome === 'hung') {
    let pending = 0
    await Promise.all(promises.map((p) => Promise.race([p.then(() => 0, () => 0), Promise.resolve(1)]).then((n) => (pending += n))))
    expect.fail(`${pending} of ${promises.length} promise(s) never settled within ${ms} ms`)
  }
  return outcome as PromiseSettledResult<T>[]
}

export function values<T>(results: PromiseSettledResult<T>[]): T[] {
  return results.map((result) => {
    if (result.status === 'rejected') throw result.reason
    return result.value
  })
}

export function reasons<T>(results: PromiseSettledResult<T>[]): unknown[] {
  return results.map((result) => (result.status === 'rejected' ? result.reason : expect.fail('expected a rejection')))
}

/** A rejection's `ReloginError` code, or the rejection itself when it is something else. */
export const codeOf = (error: unknown) => (isReloginError(error) ? error.code : error)
