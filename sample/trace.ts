import { traceRecorder } from 'uni-relogin'

/**
 * The last events, redacted (never a token): what an app attaches to its error report. The sample
 * shows it on the register page, under its events (docs/guide/devtools.md, "In production").
 */
export const recorder = traceRecorder({ size: 50 })
