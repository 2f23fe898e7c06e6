import { refreshTokens } from 'uni-relogin'
import type { App } from 'vue'
import { installWith } from './relogin-min'

export { usePage } from './relogin-min'
/** The core and `refreshTokens()`: a row of "What each feature adds". */
export const install = (app: App) => installWith(app, [refreshTokens(async ({ refreshToken }, http) => (await http.post<{ token: string }>('/refresh', { refreshToken })).data)])
