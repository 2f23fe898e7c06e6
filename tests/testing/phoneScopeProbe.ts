/**
 * Child-process probe: shadows the globals a phone's JS runtime lacks, then requests, uploads and
 * downloads through the Node runtime and prints the settled results as JSON on stdout.
 * It runs out of process because vitest's fork worker talks to its parent through the global
 * `process`, so shadowing that inside a test kills the worker.
 *
 * Usage: node --import tsx phoneScopeProbe.ts <baseURL> <uploadFilePath> <tempDir>
 */
import { createNodeUni } from '../../testing/createNodeUni'
import type { Callbacks } from '../../testing/createNodeUni'

const PHONE_MISSING = ['URL', 'URLSearchParams', 'AbortController', 'AbortSignal', 'fetch', 'structuredClone', 'Buffer', 'process', 'window']

const [base, filePath, tempDir] = process.argv.slice(2)
const stdout = process.stdout
const uni = createNodeUni({ tempDir })
for (const name of PHONE_MISSING) Object.defineProperty(globalThis, name, { value: undefined, configurable: true, writable: true })

const settle = (start: (callbacks: Callbacks<unknown>) => unknown) => new Promise((complete) => start({ complete }))
const results = [
  await settle((cb) => uni.request({ url: `${base}/echo`, method: 'POST', data: { a: 1 }, ...cb })),
  await settle((cb) => uni.uploadFile({ url: `${base}/upload`, filePath, formData: { a: 'b' }, ...cb })),
  await settle((cb) => uni.downloadFile({ url: `${base}/bytes`, ...cb })),
]
stdout.write(JSON.stringify(results))
