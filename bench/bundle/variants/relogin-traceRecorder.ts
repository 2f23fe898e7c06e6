import { traceRecorder } from 'uni-relogin'
import type { App } from 'vue'
import { installWith } from './relogin-min'

export { usePage } from './relogin-min'
/** The core and `traceRecorder()`: a row of "What each feature adds". */
export const install = (app: App) => installWith(app, [traceRecorder()])
