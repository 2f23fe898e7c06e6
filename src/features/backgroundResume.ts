import { appStateOf } from '../createAppState'
import type { Feature, FeatureContext } from '../Feature'
import { superseded } from '../runLogin'
import { isSafe, SAFE_METHODS } from './isSafe'

/**
 * What WeChat does a few seconds after the app is hidden: it fails what is still open with `fail
 * interrupted`, and any call while hidden. With this feature, a *safe* request (GET, HEAD, a
 * download, or one with an idempotency key) interrupted so waits for the app to come back and goes
 * once more; with a `retry()` limit, that resend is one of its attempts, and `retry: false` on the
 * call means none. A login found necessary while hidden waits for the foreground (`login:deferred`).
 *
 * @example
 * createRelogin({ baseURL, exchange, features: [backgroundResume()] })
 */
export function backgroundResume(): Feature {
  let context: FeatureContext
  return {
    setup(given) {
      context = given
      appStateOf(context.session)
    },
    login(run, next) {
      const app = appStateOf(context.session)
      if (!app.hidden) return next()
      context.onEvent({ type: 'login:deferred', run: run.id })
      return app.visible().then(() => (run.current ? next() : Promise.reject(superseded)))
    },
    recover(config, error, interrupted) {
      const app = appStateOf(context.session)
      const { record, retry } = config.custom
      const rule = record.retry
      if (error.code !== 'ERR_NETWORK' || !(interrupted || app.hidden) || retry === false || rule?.enabled === false) return
      if (!isSafe(config, rule?.methods ?? SAFE_METHODS) || record.retries >= Math.max(rule?.limit ?? 0, 1)) return
      record.retries++
      return record
        .wait('paused', (signal) => {
          record.tell({ type: 'request:paused', reason: 'background' })
          return app.visible(signal)
        })
        .then(() => {
          record.tell({ type: 'request:resumed', reason: 'background' })
          return context.again(config)
        })
    },
  }
}
