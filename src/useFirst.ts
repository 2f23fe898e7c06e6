/**
 * @internal Puts ours ahead of the interceptors an app registered before. luch-request runs request
 * interceptors last-registered first and response ones in order, so the app's request interceptors
 * run before ours (the token that leaves is ours) and its response ones after ours (they see the
 * replayed result, never the expiry). Theirs are registered again: an id from before ejects nothing.
 * Ours from an earlier `createRelogin()` on the same instance (a hot reload, say) are replaced.
 */
export function useFirst(manager: Interceptors, fulfilled: Handler, rejected?: Handler): void {
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
type Interceptors = { use(fulfilled?: Handler, rejected?: Handler): void; eject(id: number): void }
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- interceptors of either kind, by position
type Handler = (value: any) => any
