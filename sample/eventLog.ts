import { reactive } from 'vue'
import type { ReloginEvent } from 'uni-relogin'

/** The sample's on-page log, so a person watching sees the silent re-login happen. */
export const eventLog = reactive<string[]>([])

const describe: { [K in ReloginEvent['type']]: (event: Extract<ReloginEvent, { type: K }>) => string } = {
  'login:start': () => '静默登录开始 login started',
  'login:success': () => '登录成功 login succeeded',
  'login:failure': (e) => `登录失败 login failed (${e.error.code})`,
  'login:interaction': () => '需要手动登录 login needs you',
  'login:adopted': () => '沿用其他标签页的登录 logged in by another tab',
  'logout:adopted': () => '其他标签页已退出 logged out by another tab',
  'request:held': (e) => `请求等待登录 held: ${e.request.method} ${e.request.url}`,
  'request:replay': (e) => `请求重放 replayed: ${e.request.method} ${e.request.url}`,
  'login:deferred': () => '等待回到前台再登录 login waits for the app to come back',
  'request:paused': (e) =>
    e.reason === 'offline' ? `等待网络 waiting for network: ${e.request.method} ${e.request.url}` : `切到后台被中断 interrupted in background: ${e.request.method} ${e.request.url}`,
  'request:resumed': (e) =>
    e.reason === 'offline' ? `网络恢复，继续 network back: ${e.request.method} ${e.request.url}` : `回到前台后继续 resumed after background: ${e.request.method} ${e.request.url}`,
  'request:retry': (e) => `重试 retry #${e.attempt} in ${e.delay} ms: ${e.request.method} ${e.request.url}`,
  'request:settled': (e) => `请求失败 failed (${e.code ?? e.status}): ${e.request.method} ${e.request.url}`,
}

export function logEvent(event: ReloginEvent): void {
  // A request that got its answer after a replay says nothing new: its replay is in the log.
  if (event.type === 'request:settled' && event.ok) return
  eventLog.unshift(`${new Date().toLocaleTimeString()} ${(describe[event.type] as (e: ReloginEvent) => string)(event)}`)
  eventLog.splice(30)
}
