/**
 * An instant, in-process platform for the CPU and memory scenarios: no sockets, no timers, so what
 * is measured is the client's own work. `request` answers on a microtask (never synchronously, per
 * WeChat's callback contract) with a canned body. With `checkTokens` it makes the bench server's
 * token check, so expiry cycles work; without, every API call gets the canned 200.
 * Storage is a Map; `login` hands out a code at once.
 */
export function createFakeUni({ checkTokens }: { checkTokens: boolean }) {
  const storage = new Map<string, unknown>()
  const valid = new Set<string>()
  const stats = { logins: 0, requests: 0 }
  let issued = 0

  function answer(url: string, header: Record<string, unknown>, data: unknown) {
    if (url.endsWith('/login')) {
      stats.logins++
      const token = `t${++issued}`
      valid.add(token)
      return { statusCode: 200, data: { code: '000000', data: { token, userId: 'u1' } } }
    }
    const bearer = /^Bearer (.+)$/.exec(String(header.Authorization ?? header.authorization ?? ''))?.[1]
    const token = bearer ?? (data as { token?: string } | undefined)?.token
    if (!checkTokens || (token && valid.has(token))) return { statusCode: 200, data: { code: '000000', echo: Number(/(\d+)$/.exec(url)?.[1]) } }
    return { statusCode: 401, data: { code: '001101', message: 'token expired' } }
  }

  return {
    stats,
    expireAll: () => valid.clear(),
    request(options: FakeRequestOptions) {
      stats.requests++
      const { statusCode, data } = answer(options.url, options.header ?? {}, options.data)
      const res = { statusCode, data, header: { 'content-type': 'application/json' }, cookies: [], errMsg: 'request:ok' }
      queueMicrotask(() => {
        options.success?.(res)
        options.complete?.(res)
      })
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
    },
    login(options: { success?: (res: object) => void; complete?: (res: object) => void } = {}) {
      const res = { code: 'fake-code', errMsg: 'login:ok' }
      if (!options.success && !options.complete) return Promise.resolve(res)
      queueMicrotask(() => {
        options.success?.(res)
        options.complete?.(res)
      })
    },
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    getStorageInfoSync: () => ({ keys: [...storage.keys()], currentSize: 0, limitSize: 10240 }),
    showToast() {},
  }
}

interface FakeRequestOptions {
  url: string
  header?: Record<string, unknown>
  data?: unknown
  success?: (res: object) => void
  complete?: (res: object) => void
}
