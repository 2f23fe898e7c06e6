/**
 * Business outcome codes. As in the seed protocol, outcomes travel as HTTP 200
 * with one of these in the body; only transport-level problems use other statuses.
 */
export const Code = {
  ok: '000000',
  tokenExpired: '001101',
  invalidLoginCode: '001102',
  bindingRequired: '001103',
  invalidRefreshToken: '001104',
  invalidInput: '001400',
  notFound: '001404',
  idempotencyConflict: '001409',
  tooLarge: '001413',
  notAnImage: '001415',
  idempotencyMismatch: '001422',
  tooManyRequests: '001429',
  internal: '001500',
  wechatUnavailable: '001502',
} as const

export type Code = (typeof Code)[keyof typeof Code]

export const ok = <T>(data: T) => ({ code: Code.ok, data })

export const fail = (code: Code, message: string, extra?: Record<string, unknown>) => ({ code, message, ...extra })
