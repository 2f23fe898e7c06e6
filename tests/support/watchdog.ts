import { Worker } from 'node:worker_threads'

/*
 * A frozen event loop (a promise loop that never yields) also freezes every timer of the test that
 * should catch it, so the suite would hang instead of failing. A worker thread watches a heartbeat
 * that the main thread's timer bumps; when it stops for `ms`, the worker names what was running and
 * kills the process, which vitest reports as a failure.
 */
export function startWatchdog(ms = 10_000) {
  const beat = new Int32Array(new SharedArrayBuffer(4))
  const label = new Uint8Array(new SharedArrayBuffer(4096))
  const worker = new Worker(
    `const { workerData: { beat, label, ms } } = require('node:worker_threads')
     const { writeSync } = require('node:fs')
     let last = Atomics.load(beat, 0), since = Date.now()
     setInterval(() => {
       const now = Atomics.load(beat, 0)
       if (now !== last) { last = now; since = Date.now(); return }
       if (Date.now() - since < ms) return
       const text = new TextDecoder().decode(label.slice()).replace(/\\0+$/, '')
       writeSync(2, '\\n[watchdog] the event loop was blocked for ' + ms + ' ms during: ' + text + '\\n')
       process.kill(process.pid, 'SIGKILL')
     }, 100)`,
    { eval: true, workerData: { beat, label, ms } },
  )
  worker.unref()
  let maxGap = 0
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    maxGap = Math.max(maxGap, now - last)
    last = now
    Atomics.add(beat, 0, 1)
  }, 10)
  timer.unref()
  return {
    /** Says what is running, for the report if the loop freezes. */
    label(text: string) {
      label.fill(0)
      label.set(new TextEncoder().encode(text).subarray(0, label.length))
    },
    /** The longest time between two heartbeats since the last call, in ms. */
    takeMaxGap() {
      const gap = Math.max(maxGap, performance.now() - last)
      maxGap = 0
      return gap
    },
    stop() {
      clearInterval(timer)
      void worker.terminate()
    },
  }
}
