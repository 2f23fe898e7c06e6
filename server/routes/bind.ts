import type { FastifyInstance } from 'fastify'
import { Code2SessionError } from '../code2session.js'
import type { AppContext } from '../context.js'
import { issueSession } from '../issueSession.js'
import { Code, fail, ok } from '../result.js'

/**
 * `POST /v1/cif/bindPhone.do { ticket, phone? | phoneCode? }`: the interactive step after login
 * answered 001103. Mini programs send `phoneCode` from a getPhoneNumber button, which is verified
 * with WeChat's phone-number API (the fake in dev); H5 sends `phone`. A code WeChat refuses does
 * not spend the ticket, so the user can tap the button again.
 */
export function bindRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/cif/bindPhone.do', async (request) => {
    const { ticket, phone, phoneCode } = (request.body ?? {}) as Record<string, unknown>
    const fields: Record<string, string> = {}
    if (typeof ticket !== 'string' || !ticket) fields.ticket = 'is required'
    if (phone !== undefined && (typeof phone !== 'string' || !/^1\d{10}$/.test(phone))) fields.phone = 'must be 11 digits starting with 1'
    if (phone === undefined && (typeof phoneCode !== 'string' || !phoneCode || phoneCode.length > 256)) fields.phone = 'phone or phoneCode is required'
    if (Object.keys(fields).length > 0) return fail(Code.invalidInput, 'invalid input', { fields })

    let verified = phone as string | undefined
    if (verified === undefined) {
      let lookup
      try {
        lookup = await ctx.phoneNumber(phoneCode as string)
      } catch (error) {
        if (!(error instanceof Code2SessionError)) throw error
        request.log.warn({ reason: error.message }, 'phone number lookup failed')
        return fail(Code.wechatUnavailable, 'wechat is unavailable, try again later')
      }
      if (!lookup.ok) return fail(Code.invalidInput, 'invalid input', { fields: { phoneCode: `WeChat refused it (${lookup.errcode}); tap the button again` } })
      verified = lookup.phone
    }

    const openid = ctx.bindings.redeem(ticket as string)
    if (!openid) return fail(Code.invalidLoginCode, 'the binding ticket is used or expired; log in again')
    ctx.bindings.bind(openid, verified)
    return ok(await issueSession(ctx, openid))
  })
}
