import { invoke } from './callbacks'
import type { Callbacks, ErrorResult, NodeUniFaults, StorageInfo } from './types'

/** WeChat's per-mini-program quota, in KB. */
const LIMIT_KB = 10 * 1024

/** In-memory storage with WeChat's sync and callback APIs; values round-trip through JSON, as on the platform. */
export function createStorage(faults: () => NodeUniFaults) {
  const entries = new Map<string, string>()

  const guard = (api: string, kind: 'storageRead' | 'storageWrite') => {
    if (faults()[kind]) throw new Error(`${api}:fail ${kind === 'storageRead' ? 'read' : 'write'} fault`)
  }
  // Async variants share the sync code; a fault thrown there becomes a fail callback.
  const callback = <T extends ErrorResult>(api: string, options: Callbacks<T>, run: () => Omit<T, 'errMsg'>) =>
    invoke<T>(api, options, (reply) => {
      try {
        reply.ok(run())
      } catch (error) {
        reply.fail((error as Error).message.replace(/^\w+:fail /, ''))
      }
    })

  const getStorageSync = (key: string): unknown => {
    guard('getStorageSync', 'storageRead')
    const text = entries.get(key)
    return text === undefined ? '' : JSON.parse(text)
  }
  // JSON.stringify(undefined) is undefined; store '""' so the key reads back as the platform's empty value.
  const setStorageSync = (key: string, value: unknown): void => {
    guard('setStorageSync', 'storageWrite')
    entries.set(key, JSON.stringify(value) ?? '""')
  }
  const removeStorageSync = (key: string): void => {
    guard('removeStorageSync', 'storageWrite')
    entries.delete(key)
  }
  const clearStorageSync = (): void => {
    guard('clearStorageSync', 'storageWrite')
    entries.clear()
  }
  const getStorageInfoSync = (): StorageInfo => {
    guard('getStorageInfoSync', 'storageRead')
    let bytes = 0
    for (const [key, text] of entries) bytes += key.length + text.length
    return { keys: [...entries.keys()], currentSize: Math.ceil(bytes / 1024), limitSize: LIMIT_KB }
  }

  return {
    getStorageSync,
    setStorageSync,
    removeStorageSync,
    clearStorageSync,
    getStorageInfoSync,
    getStorage: (options: { key: string } & Callbacks<{ data: unknown; errMsg: string }>) =>
      callback('getStorage', options, () => {
        const data = getStorageSync(options.key)
        if (!entries.has(options.key)) throw new Error('data not found')
        return { data }
      }),
    setStorage: (options: { key: string; data: unknown } & Callbacks<ErrorResult>) =>
      callback('setStorage', options, () => {
        setStorageSync(options.key, options.data)
        return {}
      }),
    removeStorage: (options: { key: string } & Callbacks<ErrorResult>) =>
      callback('removeStorage', options, () => {
        removeStorageSync(options.key)
        return {}
      }),
    clearStorage: (options: Callbacks<ErrorResult> = {}) =>
      callback('clearStorage', options, () => {
        clearStorageSync()
        return {}
      }),
  }
}
