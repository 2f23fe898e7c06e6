import { reloginDevtools } from 'uni-relogin/devtools'
import type { App } from 'vue'
import { installWith } from './relogin-min'

export { usePage } from './relogin-min'
/** The core and the Vue DevTools plugin behind the README's development check: production drops it. */
export const install = (app: App) => installWith(app, process.env.NODE_ENV !== 'production' ? [reloginDevtools(app)] : [])
