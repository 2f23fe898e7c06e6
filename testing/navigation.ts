import { invoke } from './callbacks'
import type { Callbacks, ErrorResult } from './callbacks'

/** A page on the stack, with what uni-app's pages carry for code that reads the route. */
export interface TestPage {
  route: string
  options: Record<string, string>
  $page: { fullPath: string }
}

type NavigationApi = 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab'

/** uni-app's interceptor: `invoke` may change the options, or return false to stop the call. */
export interface NavigationInterceptor {
  invoke?(options: Record<string, unknown>): unknown
}

/**
 * uni-app's page stack and navigation APIs, for code that navigates or guards routes (uni-id's
 * `uniIdRouter` in the uniCloud SDK): `navigateTo`, `redirectTo`, `reLaunch`, `switchTab`,
 * `navigateBack`, `addInterceptor`/`removeInterceptor` on them, and `getCurrentPages()`. Pages are
 * bare routes: nothing renders. Every navigation that went through is kept in `navigations`.
 */
export function createNavigation() {
  const pages: TestPage[] = []
  const navigations: { api: NavigationApi | 'navigateBack'; url: string }[] = []
  const interceptors = new Map<string, NavigationInterceptor[]>()

  const pageOf = (url: string): TestPage => {
    const fullPath = url.startsWith('/') ? url : `/${url}`
    const [path, query = ''] = fullPath.split('?')
    const options = Object.fromEntries(query.split('&').filter(Boolean).map((pair) => pair.split('=').map(decodeURIComponent) as [string, string]))
    return { route: path!.slice(1), options, $page: { fullPath } }
  }

  const navigate = (api: NavigationApi) => (options: { url: string } & Callbacks<ErrorResult>) =>
    invoke<ErrorResult>(api, options, (reply) => {
      let args: Record<string, unknown> = { ...options }
      for (const interceptor of interceptors.get(api) ?? []) {
        const next = interceptor.invoke?.(args)
        if (next === false) return reply.fail('intercepted')
        if (next && typeof next === 'object') args = next as Record<string, unknown>
      }
      const page = pageOf(String(args.url))
      if (api === 'navigateTo') pages.push(page)
      else if (api === 'redirectTo') pages.splice(-1, 1, page)
      else pages.splice(0, pages.length, page)
      navigations.push({ api, url: page.$page.fullPath })
      reply.ok({})
    })

  return {
    navigations,
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    reLaunch: navigate('reLaunch'),
    switchTab: navigate('switchTab'),
    navigateBack(options: { delta?: number } & Callbacks<ErrorResult> = {}) {
      return invoke<ErrorResult>('navigateBack', options, (reply) => {
        if (pages.length < 2) return reply.fail('cannot navigate back at first page.')
        pages.splice(-Math.min(options.delta ?? 1, pages.length - 1))
        navigations.push({ api: 'navigateBack', url: pages.at(-1)!.$page.fullPath })
        reply.ok({})
      })
    },
    addInterceptor(api: string, interceptor: NavigationInterceptor) {
      interceptors.set(api, [...(interceptors.get(api) ?? []), interceptor])
    },
    removeInterceptor(api: string, interceptor?: NavigationInterceptor) {
      const left = interceptor ? (interceptors.get(api) ?? []).filter((other) => other !== interceptor) : []
      interceptors.set(api, left)
    },
    getCurrentPages: () => [...pages],
  }
}
