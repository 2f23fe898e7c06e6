import type { Api, LoginResult } from 'uni-relogin'
import type { Envelope } from './envelope'
import { toLoginResult, type BackendSession } from './toLoginResult'

/**
 * The sample backend's interactive step: trade the ticket from its 001103 answer, plus a phone
 * (H5) or a getPhoneNumber code (mini programs), for a session.
 * `auth: false`, because this call is the login: it must not wait for itself.
 */
export async function bindSession(api: Api, proof: { ticket: string; phone?: string; phoneCode?: string }): Promise<LoginResult> {
  const res = await api.post<Envelope<BackendSession>>('/v1/cif/bindPhone.do', proof, {
    auth: false,
  })
  if (res.code !== '000000') throw new Error(res.message ?? res.code)
  return toLoginResult(res.data)
}
