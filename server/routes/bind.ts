import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../context.js'
import { issueSession } from '../issueSession.js'
import { Code, fail, ok } from '../result.js'

/** What the fake WeChat's phone-number API would answer for any `getPhoneNumber` code. */
const FAKE_WECHAT_PHONE = '13800000000'

/**
 * `POST /v1/cif/bindPhone.do { ticket, phone? | phoneCode? }`: the interactive step after login
 * answered 001103. Mini programs send `phoneCode` from a getPhoneNumber button; H5 sends `phone`.
 */
export function bindRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/cif/bindPhone.do', async (request) => {
    const { ticket, phone, phoneCode } = (request.body ?? {}) as Record<string, unknown>
    const fields: Record<string, string> = {}
    if (typeof ticket !== 'string' || !ticket) fields.ticket = 'is required'
    if (phone !== undefined && (typeof phone !== 'string' || !/^1\d{10}$/.test(phone))) fields.phone = 'must be 11 digits starting with 1'
    if (phone === undefined && (typeof phoneCode !== 'string' || !phoneCode)) fields.phone = 'phone or phoneCode is required'
    if (Object.keys(fields).length > 0) return fail(Code.invalidInput, 'invalid input', { fields })

    const openid = ctx.bindings.redeem(ticket as string)
    if (!openid) return fail(Code.invalidLoginCode, 'the binding ticket is used or expired; log in again')
    ctx.bindings.bind(openid, typeof phone === 'string' ? phone : FAKE_WECHAT_PHONE)
    return ok(await issueSession(ctx, openid))
  })
}
