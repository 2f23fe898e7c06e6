import { watch } from 'vue'

/** Resolves as soon as a reactive condition holds (checked on every change, synchronously). */
export function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const stop = watch(
      condition,
      (met) => {
        if (!met) return
        queueMicrotask(() => stop())
        resolve()
      },
      { immediate: true, flush: 'sync' },
    )
  })
}
