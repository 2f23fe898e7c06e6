import { DEV, misuse } from '../dev'
import { appStateOf } from '../createAppState'
import { ReloginError } from '../errors'
import type { Feature, FeatureContext } from '../Feature'

/** luch-request's own default, which bounds how long a request waits for the network. */
const DEFAULT_TIMEOUT = 60_000

/**
 * What a request does while the platform reports no network: `'wait'` holds it until the network
 * is back (at most its `timeout`, then `ERR_OFFLINE`), and the held requests then go in the order
 * they were made; `'fail'` rejects it at once with `ERR_OFFLINE`.
 *
 * @example
 * createRelogin({ baseURL, exchange, features: [offlineWait()] })
 */
export function offlineWait(mode: 'wait' | 'fail' = 'wait'): Feature {
  if (mode !== 'wait' && mode !== 'fail') throw misuse('offlineWait(mode)', DEV && `takes 'wait' or 'fail', got ${JSON.stringify(mode)}.`)
  let context: FeatureContext
  return {
    setup(given) {
      context = given
      // Watched from the start: the platform says "offline" only as it changes.
      appStateOf(context.session)
    },
    beforeSend(config) {
      const app = appStateOf(context.session)
      if (!app.offline) return
      if (mode === 'fail') throw new ReloginError('ERR_OFFLINE', 'No network')
      const { record } = config.custom
      return record
        .wait('offline', (signal) => {
          record.tell({ type: 'request:paused', reason: 'offline' })
          return app.online(signal, config.timeout ?? DEFAULT_TIMEOUT)
        })
        .then(() => record.tell({ type: 'request:resumed', reason: 'offline' }))
    },
  }
}
