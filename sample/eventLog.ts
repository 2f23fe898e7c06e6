import { reactive } from 'vue'
import type { ReloginEvent } from 'uni-relogin'

/** The sample's on-page log, so a person watching sees the silent re-login happen. */
export const eventLog = reactive<string[]>([])

const describe: { [K in ReloginEvent['type']]: (event: Extract<ReloginEvent, { type: K }>) => string } = {
  'login:start': () => '静默登录开始 login started',
  'login:success': () => '登录成功 login succeeded',
  'login:failure': (e) => `登录失败 login failed (${e.error.code})`,
  'login:interaction': () => '需要手动登录 login needs you',
  'request:held': (e) => `请求等待登录 held: ${e.request.method} ${e.request.url}`,
  'request:replay': (e) => `请求重放 replayed: ${e.request.method} ${e.request.url}`,
}

export function logEvent(event: ReloginEvent): void {
  eventLog.unshift(`${new Date().toLocaleTimeString()} ${(describe[event.type] as (e: ReloginEvent) => string)(event)}`)
  eventLog.splice(30)
}
