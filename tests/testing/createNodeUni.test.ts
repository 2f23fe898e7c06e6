import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Busboy } from '@fastify/busboy'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createNodeUni } from '../../testing/createNodeUni'
import type { Callbacks, ErrorResult, NodeUni } from '../../testing/createNodeUni'

const BYTES = randomBytes(300 * 1024)
const run = promisify(execFile)

let server: Server
let base: string
let hits: string[] = []

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Parses the upload with busboy, an independent multipart parser, and echoes what arrived. */
function receiveUpload(req: IncomingMessage, res: ServerResponse, status: number) {
  const fields: Record<string, string> = {}
  const files: Array<{ field: string; filename: string; mimeType: string; base64: string }> = []
  const busboy = Busboy({ headers: req.headers as never })
  busboy.on('field', (name, value) => (fields[name] = value))
  busboy.on('file', (field, stream, filename, _encoding, mimeType) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => files.push({ field, filename, mimeType, base64: Buffer.concat(chunks).toString('base64') }))
  })
  busboy.on('finish', () => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ fields, files }))
  })
  req.pipe(busboy)
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url!, 'http://127.0.0.1')
  hits.push(url.pathname)
  const status = Number(url.searchParams.get('status') ?? 200)
  switch (url.pathname) {
    case '/echo': {
      const body = await readBody(req)
      res.writeHead(status, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] })
      return res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: body.toString('latin1') }))
    }
    case '/text':
      return res.end('not json {')
    case '/bytes':
      res.writeHead(status, { 'content-length': BYTES.length })
      return res.end(BYTES)
    case '/chunked':
      res.write(BYTES.subarray(0, 1000))
      return setTimeout(() => res.end(BYTES.subarray(1000)), 10)
    case '/reset':
      res.writeHead(200, { 'content-length': 100_000 })
      res.write('partial body')
      return setTimeout(() => req.socket.destroy(), 20)
    case '/upload':
      return receiveUpload(req, res, status)
    case '/code':
      return res.end(JSON.stringify({ code: 'code-1' }))
    case '/hang':
      return // never answers
    default:
      res.writeHead(404)
      res.end()
  }
}

/** Resolves when the next request reaches the test server: the call under test is in flight. */
const arrives = () => new Promise<void>((resolve) => server.once('request', () => resolve()))

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

interface Settled<T> {
  ok: boolean
  res: T & ErrorResult
  /** Whether any callback ran synchronously inside the API call. */
  sync: boolean
}

/**
 * Runs one callback-style call and checks WeChat's contract on the way: exactly one of
 * success/fail, complete exactly once with the same object, nothing synchronous. Waits a little
 * after complete so that a late duplicate callback would be caught. Results are loosely typed
 * (T defaults to any): each test knows which API it called.
 */
function track<T = any, Task = unknown>(start: (callbacks: Callbacks<NoInfer<T>>) => Task): { task: Task; settled: Promise<Settled<T>> } {
  const seen: Array<['success' | 'fail' | 'complete', unknown]> = []
  let inCall = true
  let sync = false
  let task!: Task
  const done = new Promise<void>((resolve) => {
    const record = (kind: 'success' | 'fail' | 'complete') => (res: unknown) => {
      sync ||= inCall
      seen.push([kind, res])
      // A sleep, because time is what is under test: a window in which a late duplicate would show.
      if (kind === 'complete') setTimeout(resolve, 30)
    }
    task = start({ success: record('success'), fail: record('fail'), complete: record('complete') })
    inCall = false
  })
  const settled = done.then((): Settled<T> => {
    expect(seen.map(([kind]) => kind)).toHaveLength(2)
    expect(seen[1][0]).toBe('complete')
    expect(seen[1][1]).toBe(seen[0][1])
    return { ok: seen[0][0] === 'success', res: seen[0][1] as T & ErrorResult, sync }
  })
  return { task, settled }
}

const settle = <T = any>(start: (callbacks: Callbacks<NoInfer<T>>) => unknown) => track<T>(start).settled

async function refusedURL(): Promise<string> {
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const { port } = closed.address() as AddressInfo
  await new Promise((resolve) => closed.close(resolve))
  return `http://127.0.0.1:${port}/`
}

let uni: NodeUni
let fixtures: string
beforeEach(() => {
  uni = createNodeUni({ codeURL: `${base}/code` })
  fixtures = mkdtempSync(join(tmpdir(), 'node-uni-fixtures-'))
  hits = []
})
afterEach(() => {
  rmSync(fixtures, { recursive: true, force: true })
  rmSync(uni.tempDir, { recursive: true, force: true })
})

describe('request', () => {
  it.each([200, 401, 500])('calls success for HTTP %i with parsed JSON, header and cookies', async (status) => {
    const { ok, res, sync } = await settle((cb) => uni.request({ url: `${base}/echo?status=${status}`, ...cb }))
    expect(sync).toBe(false)
    expect(ok).toBe(true)
    expect(res).toMatchObject({ statusCode: status, errMsg: 'request:ok', cookies: ['a=1', 'b=2'], data: { method: 'GET' } })
    expect(res.header['content-type']).toBe('application/json')
  })

  it('keeps a body that is not JSON as a string, and returns ArrayBuffer bytes on request', async () => {
    const text = await settle((cb) => uni.request({ url: `${base}/text`, ...cb }))
    expect(text.res).toMatchObject({ data: 'not json {', errMsg: 'request:ok' })
    const binary = await settle((cb) => uni.request({ url: `${base}/bytes`, responseType: 'arraybuffer', ...cb }))
    expect(binary.res.data).toBeInstanceOf(ArrayBuffer)
    expect(Buffer.from(binary.res.data as ArrayBuffer).equals(BYTES)).toBe(true)
  })

  it('puts GET data in the query string and sends POST data as JSON, urlencoded or as-is', async () => {
    const echo = async (options: Record<string, unknown>) =>
      (await settle((cb) => uni.request({ url: `${base}/echo?x=0`, ...options, ...cb }))).res.data as {
        url: string
        headers: Record<string, string>
        body: string
      }
    expect((await echo({ data: { a: 1, b: 'é &', c: { d: 2 }, e: undefined } })).url).toBe(
      `/echo?x=0&a=1&b=${encodeURIComponent('é &')}&c=${encodeURIComponent('{"d":2}')}`,
    )
    const json = await echo({ method: 'post', data: { a: 1 }, header: { 'X-Trace': 't1' } })
    expect(json).toMatchObject({ body: '{"a":1}', headers: { 'content-type': 'application/json', 'x-trace': 't1' } })
    const form = await echo({ method: 'POST', data: { a: 1, b: 'x y' }, header: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(form.body).toBe('a=1&b=x%20y')
    expect((await echo({ method: 'PUT', data: 'raw text' })).body).toBe('raw text')
    expect((await echo({ method: 'POST', data: new Uint8Array([0, 255, 7]).buffer })).body).toBe('\u0000\u00ff\u0007')
  })

  it('reports headers through onHeadersReceived before success', async () => {
    const order: string[] = []
    const { task, settled } = track((cb) =>
      uni.request({
        url: `${base}/echo?status=401`,
        ...cb,
        success: (res) => {
          order.push('success')
          cb.success!(res)
        },
      }),
    )
    task.onHeadersReceived(({ statusCode }) => order.push(`headers ${statusCode}`))
    await settled
    expect(order).toEqual(['headers 401', 'success'])
  })

  it('fails with the connect error when nothing listens', async () => {
    const url = await refusedURL()
    const { ok, res, sync } = await settle((cb) => uni.request({ url, ...cb }))
    expect(sync).toBe(false)
    expect(ok).toBe(false)
    expect(res).toEqual({ errMsg: 'request:fail connect ECONNREFUSED' })
  })

  it("fails with exactly 'request:fail timeout' when the server is silent", async () => {
    const { ok, res } = await settle((cb) => uni.request({ url: `${base}/hang`, timeout: 100, ...cb }))
    expect(ok).toBe(false)
    expect(res.errMsg).toBe('request:fail timeout')
    expect(uni.inFlight).toBe(0)
  })

  it("fails with exactly 'request:fail abort' after abort(), and a second abort is a no-op", async () => {
    const hung = arrives()
    const { task, settled } = track((cb) => uni.request({ url: `${base}/hang`, ...cb }))
    void hung.then(() => (task.abort(), task.abort()))
    const { ok, res } = await settled
    expect(ok).toBe(false)
    expect(res.errMsg).toBe('request:fail abort')
  })

  it('ignores abort() once the request has completed', async () => {
    const { task, settled } = track((cb) => uni.request({ url: `${base}/echo`, ...cb }))
    const { ok } = await settled
    task.abort()
    // A sleep, because time is what is under test: a window in which a wrong callback would show.
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(ok).toBe(true)
  })

  it('fails instead of returning a truncated body when the connection resets mid-response', async () => {
    const { ok, res } = await settle((cb) => uni.request({ url: `${base}/reset`, ...cb }))
    expect(ok).toBe(false)
    expect(res.errMsg).toMatch(/^request:fail \S/)
  })

  it('fails asynchronously on a malformed URL', async () => {
    const { ok, res, sync } = await settle((cb) => uni.request({ url: 'not a url', ...cb }))
    expect(sync).toBe(false)
    expect(ok).toBe(false)
    expect(res.errMsg).toMatch(/^request:fail /)
  })

  it('counts calls and tracks live and peak in-flight tasks', async () => {
    const all = Array.from({ length: 5 }, () => settle((cb) => uni.request({ url: `${base}/echo`, ...cb })))
    expect(uni.inFlight).toBe(5)
    await Promise.all(all)
    expect(uni).toMatchObject({ inFlight: 0, maxInFlight: 5, calls: { request: 5, uploadFile: 0, downloadFile: 0, login: 0 } })
  })
})

describe('faults.interruptNext', () => {
  it('fails the next N transfers with interrupted, sends nothing, then recovers', async () => {
    const file = join(fixtures, 'a.png')
    writeFileSync(file, 'png')
    uni.faults.interruptNext = 2
    const request = await settle((cb) => uni.request({ url: `${base}/echo`, ...cb }))
    const upload = await settle((cb) => uni.uploadFile({ url: `${base}/upload`, filePath: file, ...cb }))
    const download = await settle((cb) => uni.downloadFile({ url: `${base}/bytes`, ...cb }))
    expect([request.res.errMsg, upload.res.errMsg]).toEqual(['request:fail interrupted', 'uploadFile:fail interrupted'])
    expect(request.sync || upload.sync).toBe(false)
    expect(download.res.errMsg).toBe('downloadFile:ok')
    expect(hits).toEqual(['/bytes'])
    expect(uni.calls).toMatchObject({ request: 1, uploadFile: 1, downloadFile: 1 })
    expect(uni.maxInFlight).toBe(1)
  })
})

describe('the app going to the background', () => {
  it('runs the listeners, lets calls out during the grace, then fails open and new calls with interrupted until show', async () => {
    const seen: string[] = []
    uni.onAppHide(() => seen.push('hide'))
    uni.onAppShow(() => seen.push('show'))
    uni.hide()
    expect((await settle((cb) => uni.request({ url: `${base}/echo`, ...cb }))).ok).toBe(true)
    const open = track((cb) => uni.request({ url: `${base}/hang`, ...cb }))
    await new Promise((resolve) => setImmediate(resolve))
    uni.interrupt()
    expect((await open.settled).res.errMsg).toBe('request:fail interrupted')
    const refused = await settle((cb) => uni.downloadFile({ url: `${base}/bytes`, ...cb }))
    expect(refused.res.errMsg).toBe('downloadFile:fail interrupted')
    expect(refused.sync).toBe(false)
    uni.show()
    expect((await settle((cb) => uni.request({ url: `${base}/echo`, ...cb }))).ok).toBe(true)
    expect(seen).toEqual(['hide', 'show'])
  })

  it('interrupts by itself once hideGrace has passed', async () => {
    uni = createNodeUni({ hideGrace: 0 })
    const open = track((cb) => uni.request({ url: `${base}/hang`, ...cb }))
    uni.hide()
    expect((await open.settled).res.errMsg).toBe('request:fail interrupted')
  })
})

describe('the network', () => {
  it('reports its state and changes, and fails every call at once while it is away', async () => {
    const changes: unknown[] = []
    uni.onNetworkStatusChange((status) => changes.push(status))
    uni.setOnline(false)
    expect((await settle((cb) => uni.getNetworkType(cb))).res.networkType).toBe('none')
    const refused = await settle((cb) => uni.request({ url: `${base}/echo`, ...cb }))
    expect(refused.res.errMsg).toBe('request:fail net::ERR_INTERNET_DISCONNECTED')
    expect(hits).toEqual([])
    uni.setOnline(true)
    expect((await settle((cb) => uni.getNetworkType(cb))).res.networkType).toBe('wifi')
    expect((await settle((cb) => uni.request({ url: `${base}/echo`, ...cb }))).ok).toBe(true)
    expect(changes).toEqual([
      { isConnected: false, networkType: 'none' },
      { isConnected: true, networkType: 'wifi' },
    ])
  })
})

describe('uploadFile', () => {
  it('sends form fields and the file byte-for-byte, and returns the body as a string for every status', async () => {
    const file = join(fixtures, 'photo.PNG')
    writeFileSync(file, BYTES)
    const progress: number[] = []
    const { task, settled } = track((cb) =>
      uni.uploadFile({ url: `${base}/upload?status=401`, filePath: file, name: 'avatar', formData: { a: '1', b: { c: 2 } }, ...cb }),
    )
    task.onProgressUpdate(({ progress: p, totalBytesSent, totalBytesExpectedToSend }) => {
      expect(totalBytesSent).toBeLessThanOrEqual(totalBytesExpectedToSend)
      progress.push(p)
    })
    const { ok, res } = await settled
    expect(ok).toBe(true)
    expect(res).toMatchObject({ statusCode: 401, errMsg: 'uploadFile:ok' })
    expect(typeof res.data).toBe('string')
    const received = JSON.parse(res.data)
    expect(received.fields).toEqual({ a: '1', b: '{"c":2}' })
    expect(received.files).toHaveLength(1)
    expect(received.files[0]).toMatchObject({ field: 'avatar', filename: 'photo.PNG', mimeType: 'image/png' })
    expect(Buffer.from(received.files[0].base64, 'base64').equals(BYTES)).toBe(true)
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toBe(100)
    expect([...progress].sort((x, y) => x - y)).toEqual(progress)
  })

  it('labels unknown extensions application/octet-stream', async () => {
    const file = join(fixtures, 'notes.bin')
    writeFileSync(file, 'x')
    const { res } = await settle((cb) => uni.uploadFile({ url: `${base}/upload`, filePath: file, ...cb }))
    expect(JSON.parse(res.data).files[0]).toMatchObject({ field: 'file', mimeType: 'application/octet-stream' })
  })

  it('fails when the file does not exist, without sending', async () => {
    const { ok, res } = await settle((cb) => uni.uploadFile({ url: `${base}/upload`, filePath: join(fixtures, 'missing.png'), ...cb }))
    expect(ok).toBe(false)
    expect(res.errMsg).toBe('uploadFile:fail file not found')
    expect(hits).toEqual([])
  })

  it('fails with timeout and abort like request', async () => {
    const file = join(fixtures, 'a.jpg')
    writeFileSync(file, BYTES)
    const timedOut = await settle((cb) => uni.uploadFile({ url: `${base}/hang`, filePath: file, timeout: 100, ...cb }))
    expect(timedOut.res.errMsg).toBe('uploadFile:fail timeout')
    const hung = arrives()
    const { task, settled } = track((cb) => uni.uploadFile({ url: `${base}/hang`, filePath: file, ...cb }))
    void hung.then(() => task.abort())
    expect((await settled).res.errMsg).toBe('uploadFile:fail abort')
    expect(uni.inFlight).toBe(0)
  })
})

describe('downloadFile', () => {
  it('writes the exact bytes to a new temp file and reports progress up to 100', async () => {
    const progress: number[] = []
    const { task, settled } = track((cb) => uni.downloadFile({ url: `${base}/bytes`, ...cb }))
    task.onProgressUpdate(({ progress: p }) => progress.push(p))
    const { ok, res } = await settled
    expect(ok).toBe(true)
    expect(res).toMatchObject({ statusCode: 200, errMsg: 'downloadFile:ok' })
    expect(res.tempFilePath!.startsWith(uni.tempDir)).toBe(true)
    expect(readFileSync(res.tempFilePath!).equals(BYTES)).toBe(true)
    expect(progress.at(-1)).toBe(100)
  })

  it('writes to filePath when given, for every status, and reaches 100 without a content-length', async () => {
    const filePath = join(fixtures, 'out.bin')
    const progress: number[] = []
    const { task, settled } = track((cb) => uni.downloadFile({ url: `${base}/chunked`, filePath, ...cb }))
    task.onProgressUpdate(({ progress: p }) => progress.push(p))
    const { res } = await settled
    expect(res).toMatchObject({ filePath, statusCode: 200, errMsg: 'downloadFile:ok' })
    expect(res.tempFilePath).toBeUndefined()
    expect(readFileSync(filePath).equals(BYTES)).toBe(true)
    expect(progress.at(-1)).toBe(100)
    const missing = await settle((cb) => uni.downloadFile({ url: `${base}/nowhere`, ...cb }))
    expect(missing.res).toMatchObject({ statusCode: 404, errMsg: 'downloadFile:ok' })
  })

  it('leaves no file behind when the transfer fails or is aborted', async () => {
    const reset = await settle((cb) => uni.downloadFile({ url: `${base}/reset`, ...cb }))
    expect(reset.res.errMsg).toMatch(/^downloadFile:fail \S/)
    const timedOut = await settle((cb) => uni.downloadFile({ url: `${base}/hang`, timeout: 100, ...cb }))
    expect(timedOut.res.errMsg).toBe('downloadFile:fail timeout')
    const hung = arrives()
    const { task, settled } = track((cb) => uni.downloadFile({ url: `${base}/hang`, ...cb }))
    void hung.then(() => task.abort())
    expect((await settled).res.errMsg).toBe('downloadFile:fail abort')
    expect(existsSync(uni.tempDir) ? readdirSync(uni.tempDir) : []).toEqual([])
  })
})

describe('login', () => {
  it('gets a code from codeURL, through callbacks or as a Promise', async () => {
    const { ok, res } = await settle((cb) => uni.login({ provider: 'weixin', ...cb }))
    expect(ok).toBe(true)
    expect(res).toEqual({ code: 'code-1', errMsg: 'login:ok' })
    await expect(uni.login()).resolves.toEqual({ code: 'code-1', errMsg: 'login:ok' })
    expect(uni.calls.login).toBe(2)
  })

  it('fails without a code source, or when the code source is unreachable or answers no code', async () => {
    const bare = createNodeUni()
    expect((await settle((cb) => bare.login(cb))).res).toEqual({ errMsg: 'login:fail no code source' })
    const refused = createNodeUni({ codeURL: await refusedURL() })
    expect((await settle((cb) => refused.login(cb))).res.errMsg).toBe('login:fail connect ECONNREFUSED')
    const wrong = createNodeUni({ codeURL: `${base}/echo?status=500` })
    await expect(wrong.login()).rejects.toMatchObject({ errMsg: expect.stringMatching(/^login:fail /) })
  })

  it('never calls back while loginHang is set', async () => {
    uni.faults.loginHang = true
    let called = false
    uni.login({ complete: () => (called = true) })
    // A sleep, because time is what is under test: a window in which a callback would show.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(called).toBe(false)
    expect(hits).toEqual([])
  })
})

describe('storage', () => {
  it("returns '' for a missing key and stores deep copies", () => {
    expect(uni.getStorageSync('token')).toBe('')
    const user = { name: 'a', tags: ['x'] }
    uni.setStorageSync('user', user)
    user.tags.push('y')
    const read = uni.getStorageSync('user') as typeof user
    expect(read).toEqual({ name: 'a', tags: ['x'] })
    read.name = 'b'
    expect(uni.getStorageSync('user')).toEqual({ name: 'a', tags: ['x'] })
    expect(uni.getStorageInfoSync()).toMatchObject({ keys: ['user'], limitSize: 10240 })
    uni.removeStorageSync('user')
    expect(uni.getStorageSync('user')).toBe('')
  })

  it('keeps storage per runtime instance', () => {
    uni.setStorageSync('k', 1)
    expect(createNodeUni().getStorageSync('k')).toBe('')
  })

  it('throws from sync calls and fails async ones when storage faults are set', async () => {
    uni.setStorageSync('k', 1)
    uni.faults.storageRead = true
    expect(() => uni.getStorageSync('k')).toThrow(/^getStorageSync:fail /)
    expect((await settle((cb) => uni.getStorage({ key: 'k', ...cb }))).res.errMsg).toMatch(/^getStorage:fail /)
    uni.faults = { storageWrite: true }
    expect(() => uni.setStorageSync('k', 2)).toThrow(/^setStorageSync:fail /)
    expect(() => uni.clearStorageSync()).toThrow(/^clearStorageSync:fail /)
    expect(uni.getStorageSync('k')).toBe(1)
  })

  it("has async variants, failing with 'data not found' for a missing key", async () => {
    const set = await settle((cb) => uni.setStorage({ key: 'k', data: { v: 1 }, ...cb }))
    expect(set).toMatchObject({ ok: true, sync: false, res: { errMsg: 'setStorage:ok' } })
    await expect(uni.getStorage({ key: 'k' })).resolves.toEqual({ data: { v: 1 }, errMsg: 'getStorage:ok' })
    await settle((cb) => uni.removeStorage({ key: 'k', ...cb }))
    expect((await settle((cb) => uni.getStorage({ key: 'k', ...cb }))).res).toEqual({ errMsg: 'getStorage:fail data not found' })
  })
})

describe('device and UI', () => {
  it('chooses the configured images, or fails with cancel when there are none', async () => {
    const file = join(fixtures, 'pick.png')
    writeFileSync(file, BYTES)
    const picker = createNodeUni({ images: [file] })
    const { res } = await settle((cb) => picker.chooseImage({ count: 1, ...cb }))
    expect(res).toEqual({ tempFilePaths: [file], tempFiles: [{ path: file, size: BYTES.length }], errMsg: 'chooseImage:ok' })
    expect((await settle((cb) => uni.chooseImage(cb))).res).toEqual({ errMsg: 'chooseImage:fail cancel' })
  })

  it('reports a realistic devtools device for the configured platform', () => {
    expect(createNodeUni({ platform: 'mp-alipay' }).getSystemInfoSync()).toMatchObject({ uniPlatform: 'mp-alipay', platform: 'devtools' })
    expect(uni.getAppBaseInfo()).toMatchObject({ uniPlatform: 'mp-weixin', SDKVersion: expect.any(String) })
    expect(uni.getWindowInfo()).toMatchObject({ screenWidth: 375, windowHeight: 667 })
    expect(uni.getAccountInfoSync().miniProgram).toMatchObject({ appId: 'wx0000000000000000', envVersion: 'develop' })
  })

  it('records toast, loading and modal calls and succeeds asynchronously', async () => {
    const toast = await settle((cb) => uni.showToast({ title: 'Saved', icon: 'none', ...cb }))
    expect(toast).toMatchObject({ ok: true, sync: false, res: { errMsg: 'showToast:ok' } })
    await uni.showLoading({ title: 'Wait' })
    await uni.hideLoading()
    const modal = await settle((cb) => uni.showModal({ content: 'Sure?', ...cb }))
    expect(modal.res).toMatchObject({ confirm: true, cancel: false, errMsg: 'showModal:ok' })
    expect(uni.ui).toEqual([
      { api: 'showToast', options: { title: 'Saved', icon: 'none' } },
      { api: 'showLoading', options: { title: 'Wait' } },
      { api: 'hideLoading', options: {} },
      { api: 'showModal', options: { content: 'Sure?' } },
    ])
  })
})

describe('on a phone-like global scope', () => {
  it('still requests, uploads and downloads with URL, Buffer, process, fetch… shadowed', async () => {
    const file = join(fixtures, 'a.webp')
    writeFileSync(file, BYTES)
    const probe = fileURLToPath(new URL('./phoneScopeProbe.ts', import.meta.url))
    const { stdout } = await run(process.execPath, ['--import', 'tsx', probe, base, file, fixtures], { cwd: fileURLToPath(new URL('../..', import.meta.url)) })
    const [request, upload, download] = JSON.parse(stdout)
    expect(request).toMatchObject({ errMsg: 'request:ok', data: { body: '{"a":1}' } })
    expect(upload.errMsg).toBe('uploadFile:ok')
    const received = JSON.parse(upload.data)
    expect(received.fields).toEqual({ a: 'b' })
    expect(Buffer.from(received.files[0].base64, 'base64').equals(BYTES)).toBe(true)
    expect(download.errMsg).toBe('downloadFile:ok')
    expect(readFileSync(download.tempFilePath).equals(BYTES)).toBe(true)
  })
})
