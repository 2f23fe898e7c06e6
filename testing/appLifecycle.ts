import { invoke } from './callbacks'
import type { Callbacks, ErrorResult } from './callbacks'

/** What the transfers read: whether WeChat now fails every call (hidden past its grace), and the network. */
export interface LifecycleState {
  suspended: boolean
  online: boolean
}

export interface NetworkStatus {
  isConnected: boolean
  networkType: string
}

/**
 * The app's foreground and background, and its network, as WeChat reports them, with the switches a
 * test flips: `hide()`, `show()`, `interrupt()` and `setOnline()`.
 *
 * After a hide, WeChat lets open transfers run for a few seconds (`hideGrace`), then fails them with
 * 'interrupted', and fails new ones at once until the app is shown again. `interrupt()` ends the
 * grace now, so a test need not wait for it.
 */
export function createAppLifecycle(state: LifecycleState, interruptAll: () => void, hideGrace: number) {
  const hideListeners = new Set<() => void>()
  const showListeners = new Set<(options: Record<string, unknown>) => void>()
  const networkListeners = new Set<(status: NetworkStatus) => void>()
  let hidden = false
  let grace: ReturnType<typeof setTimeout> | undefined
  const networkType = () => (state.online ? 'wifi' : 'none')

  function interrupt() {
    clearTimeout(grace)
    if (!hidden) return
    state.suspended = true
    interruptAll()
  }

  return {
    onAppHide: (listener: () => void) => void hideListeners.add(listener),
    offAppHide: (listener: () => void) => void hideListeners.delete(listener),
    onAppShow: (listener: (options: Record<string, unknown>) => void) => void showListeners.add(listener),
    offAppShow: (listener: (options: Record<string, unknown>) => void) => void showListeners.delete(listener),
    onNetworkStatusChange: (listener: (status: NetworkStatus) => void) => void networkListeners.add(listener),
    offNetworkStatusChange: (listener: (status: NetworkStatus) => void) => void networkListeners.delete(listener),
    getNetworkType: (options: Callbacks<{ networkType: string } & ErrorResult> = {}) =>
      invoke<{ networkType: string } & ErrorResult>('getNetworkType', options, (reply) => reply.ok({ networkType: networkType() })),

    /** Sends the app to the background: hide listeners run, and the grace period starts. */
    hide() {
      if (hidden) return
      hidden = true
      for (const listener of [...hideListeners]) listener()
      grace = setTimeout(interrupt, hideGrace)
      grace.unref?.()
    },
    /** Brings the app back: calls work again, and show listeners run. */
    show() {
      if (!hidden) return
      clearTimeout(grace)
      hidden = false
      state.suspended = false
      for (const listener of [...showListeners]) listener({})
    },
    interrupt,
    /** Takes the network away or brings it back; while it is away, every call fails at once. */
    setOnline(online: boolean) {
      if (state.online === online) return
      state.online = online
      for (const listener of [...networkListeners]) listener({ isConnected: online, networkType: networkType() })
    },
  }
}
