import { DEV } from './dev'

/**
 * How `uni.login()` stays silent on a target, by `uniPlatform`: the flags to pass (uni-app hands
 * them to the platform's own call, `tt.login`, `my.getAuthCode`, …), or why the target has no
 * silent login code at all, so that the app must bring its own `getCode`. Each row is sourced in
 * docs/platforms.md; why this is a runtime table and not `#ifdef` is in docs/design.md.
 *
 * A target this table does not know (or a runtime that cannot tell) gets a plain `uni.login()`.
 */
export function silentLogin(platform: string | undefined): { flags: Record<string, unknown> } | { missing: string } {
  // The reasons are for development builds; production ones name the target, and drop the table.
  if (platform && NO_SILENT_CODE.includes(platform)) return { missing: (DEV && reasons[platform]) || platform }
  return { flags: (platform && flags[platform]) || {} }
}

const NO_SILENT_CODE = ['web', 'h5', 'app', 'mp-baidu']

const flags: Record<string, Record<string, unknown>> = {
  // tt.login defaults to force: true, which opens the host's login window for a signed-out person.
  'mp-toutiao': { force: false },
  // my.getAuthCode asks the person for any other scope; auth_base is the silent one.
  'mp-alipay': { scopes: 'auth_base' },
}

const reasons: Record<string, string> = {
  web: 'H5 has no uni.login',
  h5: 'H5 has no uni.login',
  app: "App's uni.login opens the provider's app (WeChat, QQ, …) and is never silent",
  'mp-baidu': "Baidu's swan.login works only after the person taps a button",
}
