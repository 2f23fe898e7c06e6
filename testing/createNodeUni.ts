import { randomBytes } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAppLifecycle } from './appLifecycle'
import { describeError, invoke } from './callbacks'
import type { Callbacks, ErrorResult } from './callbacks'
import { startExchange } from './httpExchange'
import { createStorage } from './storage'
import { appBaseInfo, systemInfo, windowInfo } from './systemInfo'
import { createTransfers } from './transfers'
import type { ChooseImageSuccess, LoginSuccess, NodeUniFaults, NodeUniOptions, TransferApi, UiCall } from './types'

export type * from './types'

// A code source that accepts the connection but never answers must still end in login:fail.
const LOGIN_TIMEOUT = 10_000

/**
 * A real Node implementation of the uni/wx APIs the package and the sample app use: HTTP goes to real
 * servers through node:http(s), downloads land on disk, and every callback follows WeChat's rules.
 * Everything it needs from Node is imported, never read from globalThis, so it keeps working while
 * the e2e harness shadows URL, Buffer, process, fetch… to mimic a phone. It installs nothing:
 * `createTestUni()` is the public way in, and also puts it on globalThis.
 *
 * @example
 * const runtime = createNodeUni({ codeURL: `${base}/dev/code` })
 * globalThis.uni = runtime as unknown as UniApp.Uni
 * runtime.faults.interruptNext = 1 // the next transfer fails with 'request:fail interrupted'
 */
export function createNodeUni(options: NodeUniOptions = {}) {
  const { codeURL, images = [], platform = 'mp-weixin', maxConcurrent = 10, hideGrace = 5_000 } = options
  // Created on the first download, so runtimes that never download leave nothing behind.
  const tempDir = options.tempDir ?? join(tmpdir(), `node-uni-${randomBytes(6).toString('hex')}`)

  const state = {
    calls: { request: 0, uploadFile: 0, downloadFile: 0, login: 0 } as Record<TransferApi | 'login', number>,
    faults: {} as NodeUniFaults,
    inFlight: 0,
    maxInFlight: 0,
    queued: 0,
    maxQueued: 0,
    suspended: false,
    online: true,
    ui: [] as UiCall[],
  }

  function login(options: { provider?: string } & Callbacks<LoginSuccess> = {}) {
    return invoke<LoginSuccess>('login', options, (reply) => {
      state.calls.login++
      if (state.faults.loginHang) return
      if (state.faults.loginFail) return reply.fail('system error')
      if (!codeURL) return reply.fail('no code source')
      startExchange({ url: codeURL, method: 'GET', header: {}, timeout: LOGIN_TIMEOUT })
        .result.then(({ statusCode, body }) => {
          const { code } = JSON.parse(body.toString('utf8')) as { code?: unknown }
          if (statusCode !== 200 || typeof code !== 'string') throw new Error(`code source answered ${statusCode} without a code`)
          reply.ok({ code })
        })
        .catch((error: Error) => reply.fail(error.message))
    })
  }

  function chooseImage(options: { count?: number } & Callbacks<ChooseImageSuccess> = {}) {
    return invoke<ChooseImageSuccess>('chooseImage', options, (reply) => {
      const paths = images.slice(0, options.count ?? 9)
      if (!paths.length) return reply.fail('cancel')
      Promise.all(paths.map((path) => stat(path))).then(
        (stats) => reply.ok({ tempFilePaths: paths, tempFiles: paths.map((path, i) => ({ path, size: stats[i].size })) }),
        (error) => reply.fail(describeError(error)),
      )
    })
  }

  /** Toast, loading and modal calls are recorded for assertions and always succeed. */
  const ui =
    (api: string, result: Record<string, unknown> = {}) =>
    (options: Record<string, unknown> & Callbacks<ErrorResult> = {}) => {
      const recorded = Object.fromEntries(Object.entries(options).filter(([, value]) => typeof value !== 'function'))
      state.ui.push({ api, options: recorded })
      return invoke<ErrorResult>(api, options, (reply) => reply.ok(result))
    }

  const { interruptAll, ...transfers } = createTransfers(state, tempDir, maxConcurrent)
  const runtime = Object.assign(state, {
    tempDir,
    ...transfers,
    ...createAppLifecycle(state, interruptAll, hideGrace),
    ...createStorage(() => state.faults),
    login,
    /** WeChat's feature check (the uniCloud SDK asks it before `getAppBaseInfo`): the APIs this runtime has. */
    canIUse: (schema: string) => typeof (runtime as Record<string, unknown>)[schema.split('.')[0]!] === 'function',
    chooseImage,
    getSystemInfoSync: () => systemInfo(platform),
    getAppBaseInfo: () => appBaseInfo(platform),
    getWindowInfo: windowInfo,
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' } }),
    showToast: ui('showToast'),
    hideToast: ui('hideToast'),
    showLoading: ui('showLoading'),
    hideLoading: ui('hideLoading'),
    showModal: ui('showModal', { confirm: true, cancel: false }),
  })
  return runtime
}

export type NodeUni = ReturnType<typeof createNodeUni>
