import type Request from 'luch-request'
import { DEV, misuse } from '../dev'
import type { Feature } from '../Feature'
import type { PassThroughOptions } from '../options'

/**
 * The part of a luch-request instance the adoption uses. Typed by shape, so that every 3.x copy
 * fits without a cast: npm's 3.1 and the 3.0 that uview-plus carries (`uni.$u.http`) declare
 * classes of their own that are not assignable to each other.
 */
export interface LuchRequestLike {
  config: { baseURL?: string } & object
  interceptors: { request: InterceptorsLike; response: InterceptorsLike }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each copy types its config its own way
  middleware(config: any): Promise<any>
}

interface InterceptorsLike {
  use(fulfilled?: Handler, rejected?: Handler): unknown
  eject(id: number): void
}

/**
 * Adopts an app's existing luch-request instance, such as uview-plus's `uni.$u.http`: the app then
 * ships one copy of the library, and every call on that instance gains re-login. Its interceptors
 * keep running: its request interceptors before ours (the token that leaves is ours), its response
 * interceptors after ours (they see the replayed result, never the expiry), and `api` calls resolve
 * with what they return. Configure the instance itself (`setConfig`), not `createRelogin`'s
 * pass-through options. A second `createRelogin()` on the same instance replaces ours.
 *
 * @example
 * createRelogin({ baseURL: API_BASE, exchange, features: [adoptInstance(uni.$u.http)] })
 */
export function adoptInstance(http: LuchRequestLike): Feature {
  const { interceptors, config } = (http ?? {}) as Partial<LuchRequestLike>
  if (typeof http?.middleware !== 'function' || typeof interceptors?.response?.use !== 'function' || !config) {
    throw misuse('adoptInstance(http)', DEV && "takes a luch-request instance (new Request(), or uview-plus's uni.$u.http).")
  }
  const instance = http as unknown as Request
  return {
    setup({ options }) {
      if (config.baseURL && config.baseURL !== options.baseURL) {
        throw misuse('`baseURL`', DEV && `(${JSON.stringify(options.baseURL)}) differs from the adopted instance's (${JSON.stringify(config.baseURL)}): the token goes to baseURL's origin only, so they must agree.`)
      }
      const passed = options.http as Record<string, unknown>
      const stray = Object.keys(passed).filter((key) => passed[key as keyof PassThroughOptions] !== undefined)
      if (stray.length > 0) {
        throw misuse(stray.map((key) => `\`${key}\``).join(', '), DEV && 'must be set on the adopted instance itself (instance.setConfig).')
      }
    },
    instance: {
      http: instance,
      create: () => new (instance.constructor as typeof Request)({ ...instance.config }),
      use(target, request, response, failure) {
        useFirst(target.interceptors.request as unknown as InterceptorsLike, request)
        useFirst(target.interceptors.response as unknown as InterceptorsLike, response, failure)
      },
    },
  }
}

/**
 * @internal Puts ours ahead of the interceptors an app registered before. luch-request runs request
 * interceptors last-registered first and response ones in order, so the app's request interceptors
 * run before ours (the token that leaves is ours) and its response ones after ours (they see the
 * replayed result, never the expiry). Theirs are registered again: an id from before ejects nothing.
 * Ours from an earlier `createRelogin()` on the same instance (a hot reload, say) are replaced.
 */
function useFirst(manager: InterceptorsLike, fulfilled: Handler, rejected?: Handler): void {
  // Both luch-request lines (3.0 in uview-plus, 3.1 on npm) keep the chain in `handlers`.
  const { handlers } = manager as unknown as { handlers: (Pair | null)[] }
  const theirs = handlers.filter((handler): handler is Pair => handler !== null && !ours.has(handler.fulfilled))
  handlers.forEach((_, id) => manager.eject(id))
  ours.add(fulfilled)
  manager.use(fulfilled, rejected)
  for (const handler of theirs) manager.use(handler.fulfilled, handler.rejected)
}

/** Every interceptor this package registered, so that a second `createRelogin()` can tell them apart. */
const ours = new WeakSet<Handler>()

type Pair = { fulfilled: Handler; rejected: Handler }

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- interceptors of either kind, by position
type Handler = (value: any) => any
