/*
 * Type tests for the public generics, checked by `npm run typecheck` (vue-tsc). A wrong type here
 * fails the build; nothing runs.
 */
import Request from 'luch-request'
import type { Ref } from 'vue'
import { expectTypeOf } from 'vitest'
import type UviewHttpRequest from 'uview-plus/libs/luch-request'
import {
  adoptInstance,
  createRelogin,
  refreshTokens,
  isReloginError,
  jwtExpiresIn,
  useApi,
  useAuth,
  useLoginPrompt,
  type DownloadResult,
  type ReloginError,
  type ReloginErrorCode,
} from '../../src/index'

interface Profile {
  userId: string
}

const api = useApi()
expectTypeOf(api.get<Profile>('/profile')).toEqualTypeOf<Promise<Profile>>()
expectTypeOf(api.post<Profile>('/register', { a: 1 })).toEqualTypeOf<Promise<Profile>>()
expectTypeOf(api.get('/x')).toEqualTypeOf<Promise<unknown>>()
expectTypeOf(api.download('/f')).toEqualTypeOf<Promise<DownloadResult>>()
// @ts-expect-error an upload needs a file and its field name
void api.upload('/upload', {})

const auth = useAuth<{ nickname: string }>()
expectTypeOf(auth.user.value).toEqualTypeOf<{ readonly nickname: string } | null>()
expectTypeOf(auth.status.value).toEqualTypeOf<'anonymous' | 'logging-in' | 'authenticated' | 'failed' | 'needs-interaction'>()
expectTypeOf(auth.isLoggedIn).toMatchTypeOf<Readonly<Ref<boolean>>>()

const prompt = useLoginPrompt<{ ticket: string }>()
expectTypeOf(prompt.detail.value).toEqualTypeOf<{ ticket: string } | null>()

const error: unknown = new Error()
if (isReloginError(error)) {
  expectTypeOf(error).toEqualTypeOf<ReloginError>()
  expectTypeOf(error.code).toEqualTypeOf<ReloginErrorCode>()
}

createRelogin<{ id: number }>({
  baseURL: 'https://api.example.com',
  exchange: async () => ({ token: 't', user: { id: 1 } }),
  features: [
    refreshTokens<{ id: number }>(async (session) => {
      expectTypeOf(session.user).toEqualTypeOf<{ id: number } | null>()
      return { token: 't2' }
    }),
  ],
})

// A feature is an import: 0.1's options for them are type errors now, so a migration finds each.
// @ts-expect-error `retry` moved to the retry() feature
createRelogin({ baseURL: 'https://a.example', retry: 2, exchange: async () => ({ token: 't' }) })

createRelogin({
  baseURL: 'https://api.example.com',
  // @ts-expect-error exchange must resolve with a token
  exchange: async () => ({ jwt: 't' }),
})

// Expiry detection owns these two: a call cannot turn re-login off.
// @ts-expect-error validateStatus is not a per-call option
void api.get('/x', { validateStatus: () => true })

if (isReloginError(error) && error.code === 'ERR_LOGIN_REQUIRED') {
  expectTypeOf(error.detail).toEqualTypeOf<unknown>()
}
expectTypeOf<'ERR_LOGIN_LIMIT' | 'ERR_LOGIN_REQUIRED' | 'ERR_CALLBACK'>().toMatchTypeOf<ReloginErrorCode>()

// A JWT's lifetime fits LoginResult.expiresIn.
expectTypeOf(jwtExpiresIn('a.b.c')).toEqualTypeOf<number | undefined>()
// An app's own luch-request instance is adopted, whichever 3.x copy declares it: npm's 3.1, and the
// 3.0 that uview-plus ships and types as `uni.$u.http`. Anything else is not.
adoptInstance(new Request())
declare const uviewHttp: UviewHttpRequest
adoptInstance(uviewHttp)
// @ts-expect-error not a luch-request instance
adoptInstance({})
