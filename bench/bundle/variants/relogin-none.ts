import type { App } from 'vue'
import { installWith } from './relogin-min'

export { usePage } from './relogin-min'
/** The core through `installWith` with no feature: what a feature that folds away must equal. */
export const install = (app: App) => installWith(app, [])
