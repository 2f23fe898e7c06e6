import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type * as Simulate from 'miniprogram-simulate'

const require = createRequire(import.meta.url)

type Hook = (this: unknown, ...args: unknown[]) => unknown
interface ComponentOptions {
  methods?: Record<string, Hook>
  lifetimes?: Record<string, Hook>
}
export interface AppDefinition {
  onLaunch?: Hook
  onShow?: Hook
  onHide?: Hook
  globalData?: Record<string, unknown>
}
export type RootComponent = ReturnType<typeof Simulate.render>
export interface PageInstance {
  route: string
  onLoad?: Hook
  onShow?: Hook
  onHide?: Hook
}
interface NavigateOptions {
  url: string
  success?: (result: { errMsg: string }) => void
  fail?: (result: { errMsg: string }) => void
  complete?: (result: { errMsg: string }) => void
}

/** The runtime's foreground and background (testing/appLifecycle.ts), which the host's own events join. */
export interface Lifecycle {
  onAppShow(listener: Hook): void
  onAppHide(listener: Hook): void
  hide(): void
  show(): void
}

/** What miniProgram needs from the loader; see loadCompiled.ts. */
export interface Loader {
  requireFile(file: string): unknown
  runFile(file: string): void
}

/**
 * Plays the WeChat host for the compiled app in `distDir`: `App`, `getApp`, `getCurrentPages`, the
 * launch and show APIs, and pages hosted by miniprogram-simulate with the official wcc compiler.
 * `simulate` must have been loaded after the DOM globals were installed.
 */
export function createMiniProgram(distDir: string, simulate: typeof Simulate, loader: Loader, systemInfo: () => Record<string, unknown>, lifecycle: Lifecycle) {
  const appJson = JSON.parse(readFileSync(join(distDir, 'app.json'), 'utf8')) as { pages: string[] }
  const launchOptions = { path: appJson.pages[0]!, query: {}, scene: 1001, referrerInfo: {} }
  const showListeners: Hook[] = []
  const pages: { route: string; root: RootComponent }[] = []
  const renderListeners: (() => void)[] = []
  let app: AppDefinition | undefined
  let loadingRoute: string | undefined

  const host = {
    getLaunchOptionsSync: () => launchOptions,
    // The launch's show is the host's; every later hide and show is the runtime's.
    onAppShow(listener: Hook) {
      showListeners.push(listener)
      lifecycle.onAppShow(listener)
    },
    onAppHide: (listener: Hook) => lifecycle.onAppHide(listener),
    /** Pushes a page of this app, as WeChat does: the old page hides, the new one loads and shows. */
    navigateTo({ url, success, fail, complete }: NavigateOptions) {
      const [path = '', search = ''] = url.replace(/^\//, '').split('?')
      const query = Object.fromEntries(search.split('&').filter(Boolean).map((pair) => pair.split('=').map(decodeURIComponent)))
      setTimeout(() => {
        const result = appJson.pages.includes(path) ? { errMsg: 'navigateTo:ok' } : { errMsg: `navigateTo:fail page "${path}" is not found` }
        if (result.errMsg.endsWith(':ok')) {
          const current = pages.at(-1)?.root.instance as unknown as PageInstance | undefined
          current?.onHide?.call(current)
          openPage(path, query)
          success?.(result)
        } else fail?.(result)
        complete?.(result)
      })
    },
    // uni's rpx maths asks for it (base library 2.20.1+); the Node runtime has only getSystemInfoSync.
    getDeviceInfo: () => {
      const { brand, model, system, platform, pixelRatio } = systemInfo()
      return { brand, model, system, platform, pixelRatio }
    },
  }

  // Simulate's Component registers with j-component; a page definition (one with methods.onLoad)
  // also needs `route` on its instance, which uni's runtime reads to tell pages from components.
  const registerComponent = (globalThis as { Component?: (options: ComponentOptions) => void }).Component!
  const globals = globalThis as Record<string, unknown>
  globals.Component = (options: ComponentOptions) => {
    if (options.methods?.onLoad && loadingRoute) {
      const route = loadingRoute
      const lifetimes = (options.lifetimes ??= {})
      const created = lifetimes.created
      lifetimes.created = function (this: unknown, ...args: unknown[]) {
        ;(this as { route?: string }).route = route
        return created?.apply(this, args)
      }
    }
    registerComponent(options)
  }
  // uni's vendor wraps Page at load; pages compile to Component, so a Page() call would be a surprise.
  globals.Page = () => {
    throw new Error('Page() is not supported by the harness: uni-app pages compile to Component()')
  }
  globals.App = (definition: AppDefinition) => void (app = definition)
  globals.getApp = () => app
  globals.getCurrentPages = () => pages.map(({ root }) => root.instance as PageInstance)

  // Simulate would `require` a page's js with Node's loader; run it through the phone-shaped one.
  const utils = require('miniprogram-simulate/src/utils') as { runJs: (file: string) => void }
  utils.runJs = (file) => loader.runFile(file)

  /** Opens a page: render, attach, then onLoad and onShow by hand, as WeChat calls them. */
  function openPage(route: string, query: Record<string, string> = {}): RootComponent {
    loadingRoute = route
    const id = simulate.load(join(distDir, route), { rootPath: distDir, compiler: 'official' })
    loadingRoute = undefined
    const root = simulate.render(id)
    pages.push({ route, root })
    // uni renders a page through its instance's setData; listeners see every render, however brief.
    const instance = root.instance as unknown as { setData(data: object, callback?: () => void): void }
    const setData = instance.setData
    instance.setData = (data, callback) => {
      setData.call(instance, data, callback)
      for (const listener of renderListeners) listener()
    }
    root.attach(document.createElement('page-host'))
    const page = root.instance as unknown as PageInstance
    page.onLoad?.call(page, query)
    page.onShow?.call(page)
    return root
  }

  return {
    host,
    pageRoutes: appJson.pages,
    /**
     * Compiles every page's and component's wxml (wcc) and wxss (postcss) now, while the harness may
     * still use Node's globals (both read `process`), and serves later page loads from that cache.
     */
    precompile() {
      const wxss = require('miniprogram-simulate/src/wxss') as { compile(css: string, options: { prefix?: string }): string }
      const compileCss = wxss.compile
      const compiled = new Map<string, string>()
      wxss.compile = (css, options) => {
        const key = `${options.prefix}\n${css}`
        if (!compiled.has(key)) compiled.set(key, compileCss(css, options))
        return compiled.get(key)!
      }
      // A load with the page's js skipped: simulate walks usingComponents and compiles what it finds.
      utils.runJs = () => {}
      try {
        for (const route of appJson.pages) simulate.load(join(distDir, route), { rootPath: distDir, compiler: 'official' })
      } finally {
        utils.runJs = (file) => loader.runFile(file)
      }
    },
    /** Loads app.js and runs the launch sequence WeChat runs: onLaunch, then onShow. */
    launch(): AppDefinition {
      loader.requireFile(join(distDir, 'app.js'))
      if (!app) throw new Error('app.js did not call App()')
      app.onLaunch?.call(app, launchOptions)
      app.onShow?.call(app, launchOptions)
      for (const listener of showListeners) listener(launchOptions)
      return app
    },
    openPage,
    /** The user leaves the app, as WeChat reports it: the page hides, then the app (and `wx.onAppHide`). */
    hide() {
      const page = pages.at(-1)?.root.instance as unknown as PageInstance | undefined
      page?.onHide?.call(page)
      app?.onHide?.call(app)
      lifecycle.hide()
    },
    /** The user comes back: the app shows (and `wx.onAppShow`), then the page. */
    show() {
      lifecycle.show()
      app?.onShow?.call(app, launchOptions)
      const page = pages.at(-1)?.root.instance as unknown as PageInstance | undefined
      page?.onShow?.call(page)
    },
    /** The page on top of the stack, which is what the user sees. */
    currentPage: (): RootComponent => pages.at(-1)!.root,
    currentRoute: (): string => pages.at(-1)!.route,
    onRender: (listener: () => void) => void renderListeners.push(listener),
  }
}
