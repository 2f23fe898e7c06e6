import Request from 'luch-request'
import { adoptInstance } from 'uni-relogin'
import type { App } from 'vue'
import { BASE_URL } from './baseline'
import { installWith } from './relogin-min'

export { usePage } from './relogin-min'
/** The core and `adoptInstance()`, of an instance the app made: a row of "What each feature adds". */
export const install = (app: App) => installWith(app, [adoptInstance(new Request({ baseURL: BASE_URL }))])
