import Request from 'luch-request'
import {
  adoptInstance,
  backgroundResume,
  createIdempotencyKey,
  createRelogin,
  isReloginError,
  jwtExpiresIn,
  LoginRequiredError,
  offlineWait,
  refreshTokens,
  renewBeforeExpiry,
  retry,
  shareTabs,
  useApi,
  useAuth,
  useLoginPrompt,
} from 'uni-relogin'
import type { App } from 'vue'
import { BASE_URL, install as installBaseline, usePage as useBaseline } from './baseline'

interface Envelope {
  code: string
  message?: string
  data: { token: string; expiresIn?: number; refreshToken: string; userId: string }
}

/*
 * Everything the package exports, in use: every feature module handed over; what the sample app
 * (main.ts, pages/, components/) uses in its mp-weixin build: `isExpired`, an `exchange` that can
 * ask for the user (LoginRequiredError), `onEvent`, `useApi()` for get, post with an idempotency key,
 * upload with progress and an `auth: false` login call, `useLoginPrompt()`, `isReloginError`; and
 * `jwtExpiresIn` and `useAuth()`.
 */
export function install(app: App): void {
  installBaseline(app)
  app.use(
    createRelogin({
      baseURL: BASE_URL,
      isExpired: (res) => res.statusCode === 401 || (res.data as Envelope | undefined)?.code === '001101',
      exchange: async (code, http) => {
        const { data } = await http.post<Envelope>('/v1/cif/loginByCode.do', { code })
        if (data.code === '001103') throw new LoginRequiredError(data.message, data.data)
        if (data.code !== '000000') throw new Error(data.message)
        const { token, expiresIn = jwtExpiresIn(token), refreshToken, userId } = data.data
        return { token, expiresIn, refreshToken, user: { userId } }
      },
      onEvent: (event) => console.info(event.type),
      features: [
        retry(),
        backgroundResume(),
        offlineWait(),
        shareTabs(),
        refreshTokens(async ({ refreshToken }, http) => (await http.post<Envelope>('/v1/cif/refresh.do', { refreshToken })).data.data),
        renewBeforeExpiry(),
        adoptInstance(new Request({ baseURL: BASE_URL })),
      ],
    }),
  )
}

export function usePage(): () => Promise<unknown> {
  const visit = useBaseline()
  const api = useApi()
  const prompt = useLoginPrompt<{ ticket: string }>()
  const { isLoggedIn } = useAuth()
  return async () => {
    await visit()
    try {
      if (prompt.visible.value) {
        const bound = await api.post<Envelope>('/v1/cif/bindPhone.do', { ticket: prompt.detail.value?.ticket }, { auth: false })
        prompt.complete({ token: bound.data.token })
      }
      await api.upload('/upload', { filePath: 'avatar.png', name: 'file', onProgress: (p) => console.info(p.progress) })
      await api.post('/register', { name: 'bench' }, { idempotencyKey: createIdempotencyKey() })
      return [isLoggedIn.value, await api.get('/profile')]
    } catch (error) {
      if (isReloginError(error) && error.code === 'ERR_LOGIN_CANCELED') prompt.cancel()
      throw error
    }
  }
}
