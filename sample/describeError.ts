import { isReloginError } from 'uni-relogin'

/** What the sample tells the user; the form is never cleared, so every message invites a retry. */
export function describeError(error: unknown): string {
  if (!isReloginError(error)) return `出错了 Something went wrong: ${String(error)}`
  switch (error.code) {
    case 'ERR_LOGIN':
      return '登录失败，表单已保留，请稍后重试 Login failed. Your form is kept; try again.'
    case 'ERR_LOGIN_LIMIT':
      return '登录过于频繁，请一分钟后重试 Too many logins; try again in a minute.'
    case 'ERR_LOGIN_REQUIRED':
      return '请先登录（在注册页绑定手机号）Please log in first (bind your phone on the register page).'
    case 'ERR_LOGIN_CANCELED':
      return '已取消登录，表单已保留 Login canceled. Your form is kept.'
    case 'ERR_NETWORK':
    case 'ERR_TIMEOUT':
      return '网络不佳，请重试 Network problem; try again.'
    default:
      return `请求失败 Request failed (${error.code})`
  }
}
