import { afterEach, describe, expect, it } from 'vitest'
import { createTestUni, type TestUni } from '../../testing/index'

let uni: TestUni
afterEach(() => uni.uninstall())

const routes = () => (globalThis as unknown as { getCurrentPages(): { route: string }[] }).getCurrentPages().map(({ route }) => route)

describe("the test kit's pages", () => {
  it('keeps a page stack that navigateTo, redirectTo, navigateBack and reLaunch move, read through a global getCurrentPages', async () => {
    uni = createTestUni()
    await uni.reLaunch({ url: '/pages/index/index' })
    await uni.navigateTo({ url: '/pages/a/a?id=7' })
    await uni.navigateTo({ url: 'pages/b/b' })
    expect(routes()).toEqual(['pages/index/index', 'pages/a/a', 'pages/b/b'])
    await uni.redirectTo({ url: '/pages/c/c' })
    await uni.navigateBack()
    expect(uni.getCurrentPages().at(-1)).toMatchObject({ route: 'pages/a/a', options: { id: '7' }, $page: { fullPath: '/pages/a/a?id=7' } })
    await expect(uni.navigateBack({ delta: 5 })).resolves.toMatchObject({ errMsg: 'navigateBack:ok' })
    await expect(uni.navigateBack()).rejects.toMatchObject({ errMsg: 'navigateBack:fail cannot navigate back at first page.' })
    expect(uni.navigations.map(({ api }) => api)).toEqual(['reLaunch', 'navigateTo', 'navigateTo', 'redirectTo', 'navigateBack', 'navigateBack'])
  })

  it('runs interceptors first: one may change the options, and false stops the navigation', async () => {
    uni = createTestUni()
    await uni.reLaunch({ url: '/pages/index/index' })
    const guard = { invoke: (options: Record<string, unknown>) => (String(options.url).includes('secret') ? false : { ...options, url: `${options.url}?seen=1` }) }
    uni.addInterceptor('navigateTo', guard)
    await expect(uni.navigateTo({ url: '/pages/secret/secret' })).rejects.toMatchObject({ errMsg: 'navigateTo:fail intercepted' })
    await uni.navigateTo({ url: '/pages/open/open' })
    uni.removeInterceptor('navigateTo', guard)
    await uni.navigateTo({ url: '/pages/plain/plain' })
    expect(uni.navigations.map(({ url }) => url)).toEqual(['/pages/index/index', '/pages/open/open?seen=1', '/pages/plain/plain'])
  })

  it('answers canIUse for the APIs it has, and no others', () => {
    uni = createTestUni()
    expect([uni.canIUse('getAppBaseInfo'), uni.canIUse('request.object.timeout'), uni.canIUse('getDeviceInfo')]).toEqual([true, true, false])
  })
})
