import { renewBeforeExpiry } from 'uni-relogin'
import type { App } from 'vue'
import { installWith } from './relogin-min'

export { usePage } from './relogin-min'
/** The core and `renewBeforeExpiry()`: a row of "What each feature adds". */
export const install = (app: App) => installWith(app, [renewBeforeExpiry()])
