export interface Code2SessionConfig {
  /** e.g. `https://api.weixin.qq.com`; no trailing slash */
  apiBase: string
  appid: string
  secret: string
  /** @default 5000 */
  timeoutMs?: number
}

export type Code2SessionResult =
  | { ok: true; openid: string }
  | { ok: false; errcode: number; errmsg: string }

/** The WeChat exchange could not be reached or answered garbage (as opposed to a WeChat `errcode`). */
export class Code2SessionError extends Error {
  override name = 'Code2SessionError'
  // Declared by hand: the project's ES2020 lib predates `ErrorOptions`.
  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message)
  }
}

/**
 * Exchanges a `wx.login` code for an openid, exactly as against
 * `https://api.weixin.qq.com/sns/jscode2session`.
 *
 * The request URL carries the app secret, so it never appears in an error
 * message; neither does the code. WeChat answers JSON labelled `text/plain`,
 * so the body is parsed from text whatever its content type.
 */
export async function code2session(config: Code2SessionConfig, code: string): Promise<Code2SessionResult> {
  const query = new URLSearchParams({
    appid: config.appid,
    secret: config.secret,
    js_code: code,
    grant_type: 'authorization_code',
  })
  let text: string
  try {
    const response = await fetch(`${config.apiBase}/sns/jscode2session?${query}`, {
      signal: AbortSignal.timeout(config.timeoutMs ?? 5000),
    })
    if (!response.ok) throw new Code2SessionError(`code2session answered HTTP ${response.status}`)
    text = await response.text()
  } catch (error) {
    if (error instanceof Code2SessionError) throw error
    // `cause` of a fetch failure names only the host, never the query string.
    throw new Code2SessionError('code2session request failed', error)
  }

  let body: { openid?: unknown; errcode?: unknown; errmsg?: unknown }
  try {
    body = JSON.parse(text)
  } catch {
    throw new Code2SessionError('code2session answered a body that is not JSON')
  }
  if (typeof body.errcode === 'number' && body.errcode !== 0) {
    return { ok: false, errcode: body.errcode, errmsg: String(body.errmsg ?? '') }
  }
  if (typeof body.openid !== 'string' || body.openid === '') {
    throw new Code2SessionError('code2session answered without an openid')
  }
  return { ok: true, openid: body.openid }
}
