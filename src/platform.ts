import { DEV } from './dev'
import { ReloginError } from './errors'
import { silentLogin } from './silentLogin'

/*
 * Every direct `uni.*` call of the package lives here, so tests can install a real Node runtime
 * as `uni`. (`uni.request`/`uploadFile`/`downloadFile` are called by luch-request.)
 */

/**
 * The default `getCode`: `uni.login()` with the flags that keep it silent on this target (maps to
 * `wx.login`, `tt.login({ force: false })`, `my.getAuthCode({ scopes: 'auth_base' })`…). Where a
 * target has no silent code, `resolveOptions` already asked the app for its own `getCode`.
 */
export function loginWithPlatform(): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (detail: unknown) =>
      reject(new ReloginError('ERR_LOGIN', 'uni.login() failed', { cause: detail }))
    if (typeof uni === 'undefined' || typeof uni.login !== 'function') {
      fail(new TypeError('uni.login is not available on this platform: pass a `getCode` option (required on H5).'))
      return
    }
    const silent = silentLogin(platformName())
    if ('missing' in silent) {
      fail(new TypeError(`${silent.missing}: pass a \`getCode\` option.`))
      return
    }
    uni.login({
      // `force` (Douyin) is not in @dcloudio/types; uni-app passes it through to tt.login.
      ...(silent.flags as UniNamespace.LoginOptions),
      success: (result) =>
        result.code ? resolve(result.code) : fail(new Error(`uni.login() gave no code (${result.errMsg})`)),
      fail,
    })
  })
}

/** The app-level events some targets lack in `@dcloudio/types`; each is checked before use. */
interface AppEvents {
  onAppHide?: (listener: () => void) => void
  onAppShow?: (listener: () => void) => void
  getNetworkType?: (options: { success(result: { networkType: string }): void }) => void
  onNetworkStatusChange?: (listener: (result: { isConnected: boolean }) => void) => void
}

// Read at call time and checked: a test may create the client before it installs a `uni`.
const appEvents = (): AppEvents => (typeof uni === 'undefined' ? {} : (uni as unknown as AppEvents))

/** Calls `listener(hidden)` when the app goes to the background and comes back, where the platform says. */
export function watchVisibility(listener: (hidden: boolean) => void): void {
  const events = appEvents()
  events.onAppHide?.(() => listener(true))
  events.onAppShow?.(() => listener(false))
}

/** Calls `listener(online)` with the network's state now and on every change, where the platform says. */
export function watchNetwork(listener: (online: boolean) => void): void {
  const events = appEvents()
  events.getNetworkType?.({ success: ({ networkType }) => listener(networkType !== 'none') })
  events.onNetworkStatusChange?.(({ isConnected }) => listener(isConnected))
}

/** `uniPlatform` ('mp-weixin', 'mp-alipay', 'web', …), or undefined where the runtime cannot tell. */
export function platformName(): string | undefined {
  try {
    // getAppBaseInfo first: WeChat deprecates getSystemInfoSync and warns on each call.
    // (uni-app documents `uniPlatform` on both results; @dcloudio/types 3.4 does not declare it.)
    const info = (uni.getAppBaseInfo?.() ?? uni.getSystemInfoSync()) as { uniPlatform?: string }
    return info.uniPlatform
  } catch {
    return undefined
  }
}

/** Storage can throw (quota, a broken device store): the app must keep working, just without persistence. */
export function readStorage(key: string): unknown {
  try {
    return uni.getStorageSync(key)
  } catch (error) {
    warnStorage('read', error, 'it lives in memory only')
    return undefined
  }
}

export function writeStorage(key: string, value: unknown): void {
  try {
    uni.setStorageSync(key, value)
  } catch (error) {
    warnStorage('write', error, 'it lives in memory only')
  }
}

/**
 * Removes a key so that it stays removed: it is overwritten with an empty value first, so even a
 * failing remove leaves nothing to restore on the next launch (a logout must never come back).
 */
export function eraseStorage(key: string): void {
  try {
    uni.setStorageSync(key, '')
  } catch {
    // The remove below may still work; only its failure matters.
  }
  try {
    uni.removeStorageSync(key)
  } catch (error) {
    warnStorage('remove', error, 'it was overwritten with an empty value if storage allowed')
  }
}

function warnStorage(action: string, error: unknown, consequence: string): void {
  // The error message is the platform's own; it never holds the stored value.
  console.warn(`[uni-relogin] could not ${action} the session in storage${DEV ? `; ${consequence}` : ''}:`, (error as Error)?.message)
}
