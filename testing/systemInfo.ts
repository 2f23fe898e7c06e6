// A DevTools iPhone 6/7/8 profile: the numbers WeChat DevTools reports by default.
const SDK_VERSION = '3.4.10'
const SCREEN = { pixelRatio: 2, screenWidth: 375, screenHeight: 667, windowWidth: 375, windowHeight: 667, statusBarHeight: 20 }
const SAFE_AREA = { top: 20, left: 0, right: 375, bottom: 667, width: 375, height: 647 }

/** Fresh objects per call, so a caller mutating one cannot change what the next caller sees. */
export function windowInfo() {
  return { ...SCREEN, screenTop: 0, safeArea: { ...SAFE_AREA } }
}

export function appBaseInfo(uniPlatform: string) {
  return { SDKVersion: SDK_VERSION, version: '8.0.5', language: 'zh_CN', theme: 'light', host: { env: 'WeChat' }, uniPlatform, platform: 'devtools' }
}

export function systemInfo(uniPlatform: string) {
  return {
    ...windowInfo(),
    ...appBaseInfo(uniPlatform),
    brand: 'devtools',
    model: 'iPhone 6/7/8',
    system: 'iOS 10.0.1',
    osName: 'ios',
    fontSizeSetting: 16,
    deviceOrientation: 'portrait',
  }
}
