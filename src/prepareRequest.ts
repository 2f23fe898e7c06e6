import type { Client, Config } from './createHttp'
import { createIdempotencyKey } from './createIdempotencyKey'
import { named } from './named'
import type { RequestRecord } from './RequestRecord'

const MUTATING = new Set(['POST', 'PUT', 'DELETE', 'UPLOAD'])

/**
 * @internal Our request interceptor, the last to run before the platform call: runs the features'
 * `beforeSend` (which may wait, for the network say), waits for a login and a limiter slot as
 * needed, then attaches the token for the API's origin only. Not async: every request passes here,
 * and the common case (a usable token, a free slot) hands its config on without a single promise.
 */
export function prepareRequest(client: Client, config: Config, from = 0): Config | Promise<Config> {
  // Every status resolves and bodies are parsed, so the response interceptor alone decides
  // between expiry, success and ERR_HTTP, whatever the instance's own settings.
  config.validateStatus = null
  config.forcedJSONParsing = true
  const { beforeSend } = client
  try {
    for (let i = from; i < beforeSend.length; i++) {
      const waited = beforeSend[i]!(config)
      if (waited) return waited.then(() => prepareRequest(client, config, i + 1), (error) => Promise.reject(named(error, config)))
    }
    return prepare(client, config)
  } catch (error) {
    return Promise.reject(named(error, config))
  }
}

function prepare(client: Client, config: Config): Config | Promise<Config> {
  const { custom } = config
  const { record } = custom
  try {
    record.token = undefined
    const header = client.options.idempotencyHeader
    if (header && custom.idempotencyKey !== false && MUTATING.has(config.method!)) {
      // Set on the first attempt; every replay and retry sends the same key.
      record.key ??= custom.idempotencyKey ?? createIdempotencyKey()
      config.header = { ...config.header, [header]: record.key }
    }
    const needsToken = (record.ofSession = custom.auth !== false && client.isApi(config.baseURL, config.url ?? ''))
    const token = needsToken ? client.auth.usableToken() : null
    if ((!needsToken || token !== null) && record.take()) {
      if (token !== null) attach(client, config, token)
      return ready(config)
    }
    return (needsToken ? authorize(client, config) : take(record)).then(
      () => ready(config),
      (error) => Promise.reject(named(error, config)),
    )
  } catch (error) {
    return Promise.reject(named(error, config))
  }
}

function ready(config: Config): Config {
  const { record, signal, page, onProgress } = config.custom
  record.move('sending')
  // Only a request with something to follow needs its task: the common one allocates nothing here.
  if (signal || page || onProgress) {
    config.getTask = (task) => {
      if (onProgress && 'onProgressUpdate' in task) task.onProgressUpdate(onProgress)
      record.watch(task)
    }
  }
  return config
}

function attach(client: Client, config: Config, token: string) {
  config.custom.record.token = token
  client.options.applyToken(config, token)
}

function take(record: RequestRecord): Promise<void> {
  return record.take() ? Promise.resolve() : record.queue()
}

function authorize(client: Client, config: Config): Promise<void> {
  const { auth } = client
  const { record } = config.custom
  const token = auth.usableToken()
  if (token !== null) return take(record).then(() => check(client, config, token))
  return record
    .wait('held', () => {
      record.tell({ type: 'request:held' })
      return auth.getToken()
    })
    .then((next) => take(record).then(() => check(client, config, next)))
}

// The token is checked again once a slot is free: a login may have begun while this request
// queued, and a request must never leave with a token the store already knows is stale. The
// check fails only after a state change, and the next round then awaits the login it started.
function check(client: Client, config: Config, token: string): void | Promise<void> {
  if (client.auth.usableToken() === token) return attach(client, config, token)
  config.custom.record.release()
  return authorize(client, config)
}
