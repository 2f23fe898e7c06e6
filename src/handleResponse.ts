import type { HttpResponse } from 'luch-request'
import type { Client, Config } from './createHttp'
import { isReloginError, ReloginError, type ReloginResponse } from './errors'
import { named } from './named'

/**
 * @internal Our response interceptor, the first to run: an expired answer is replayed after the
 * one shared login, a failure of a safe request may be sent again, anything else goes on as it is.
 * Not async: most responses pass straight through, and a throw still rejects the chain.
 */
export function handleResponse(client: Client, response: HttpResponse): HttpResponse | Promise<HttpResponse> {
  const config = response.config as Config
  const { record } = config.custom
  record.answered()
  const { statusCode } = response
  const result: ReloginResponse = { statusCode, data: response.data, header: response.header ?? {} }
  let expired: boolean
  try {
    expired = record.token !== undefined && client.options.isExpired(result)
  } catch (error) {
    throw named(error, config)
  }
  if (expired) return replay(client, config, result)
  if (statusCode >= 200 && statusCode < 300) return response
  return recover(client, config, new ReloginError('ERR_HTTP', `HTTP ${statusCode}`, { request: config, response: result }))
}

/** A failed attempt: the first feature that resends it answers for it, else it fails as it is. */
function recover(client: Client, config: Config, error: ReloginError, interrupted = false): Promise<HttpResponse> {
  for (const hook of client.recover) {
    const resent = hook(config, error, interrupted)
    if (resent) return resent
  }
  return Promise.reject(error)
}

function replay(client: Client, config: Config, response: ReloginResponse): Promise<HttpResponse> {
  const { auth, options } = client
  const { record } = config.custom
  const stale = record.token!
  // A token older than the current one bounced: another request already paid for the login
  // that replaced it, so this replay is free. Only a login this request waits on counts.
  const relogin = auth.token === null || auth.token === stale
  if (relogin && record.relogins >= options.maxRelogins) {
    // The session stays: one endpoint refusing a token just obtained says nothing about the
    // others (a 401 for lack of permission, say). See docs/design.md, "The loop guard".
    throw new ReloginError('ERR_RELOGIN_LOOP', `Token still expired after ${record.relogins} re-login(s)`, {
      request: config,
      response,
    })
  }
  // The wait checks the epoch first: an answer that comes after a logout starts no login.
  return record
    .wait('held', () => {
      record.tell({ type: 'request:replay', relogin })
      return auth.relogin(stale)
    })
    .then(
      () => {
        if (relogin) record.relogins++
        return client.again(config)
      },
      (error) => Promise.reject(named(error, config)),
    )
}

/**
 * @internal The rejections our response interceptor sees. Only a platform failure of an attempt we
 * sent is ours to read. Anything else passes as it is: our own `ReloginError`s, an app interceptor's
 * rejection (the app decides what its callers get), and luch-request's failure to build the request,
 * which the record's `run` names.
 */
export function handleFailure(client: Client, error: unknown): Promise<HttpResponse> {
  if (isReloginError(error)) throw error
  const config = (error as { config?: Config } | null)?.config
  const record = config?.custom?.record
  if (!record || record.state !== 'sending') throw error
  record.answered()
  const errMsg = (error as { errMsg?: string }).errMsg ?? String(error)
  // The platform's result minus its `config`, which carries the token.
  const detail = { request: config, cause: { errMsg } }
  if (record.aborted) throw new ReloginError('ERR_CANCELED', 'Request aborted', detail)
  const failure = /time(d)? ?out/i.test(errMsg)
    ? new ReloginError('ERR_TIMEOUT', 'Request timed out', detail)
    : new ReloginError('ERR_NETWORK', `Network error (${errMsg})`, detail)
  // WeChat fails what is still open a few seconds after the app is hidden with 'interrupted'.
  return recover(client, config, failure, /interrupted/i.test(errMsg))
}
