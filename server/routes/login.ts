import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { Code2SessionError } from '../code2session.js'
import type { AppContext } from '../context.js'
import { issueSession } from '../issueSession.js'
import { Code, fail, ok } from '../result.js'

/** WeChat errcodes that mean "this code is no good" rather than "the exchange is broken". */
const BAD_CODE_ERRCODES = new Set([40029, 40163])

/** `POST /v1/cif/loginByCode.do { code }`: the seed's login by `wx.login` code. */
export function loginRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { stats, faults } = ctx

  app.post('/v1/cif/loginByCode.do', async (request, reply) => {
    stats.loginRequests++
    switch (faults.login) {
      case 'down':
        reply.hijack()
        request.raw.socket.destroy()
        return
      case 'error500':
        return reply.code(500).send(fail(Code.internal, 'simulated login failure'))
      case 'bad-body':
        return reply.type('text/html').send('<html><body><h1>502 Bad Gateway</h1></body></html>')
      case 'slow':
        await sleep(faults.loginDelayMs)
    }

    const code = (request.body as { code?: unknown } | null | undefined)?.code
    if (typeof code !== 'string' || code === '' || code.length > 256) {
      return fail(Code.invalidInput, 'login code is required', { fields: { code: 'must be a non-empty string' } })
    }

    stats.exchanges++
    let result
    try {
      result = await ctx.exchange(code)
    } catch (error) {
      if (!(error instanceof Code2SessionError)) throw error
      request.log.warn({ reason: error.message }, 'code2session failed')
      return fail(Code.wechatUnavailable, 'wechat login is unavailable, try again later')
    }
    if (!result.ok) {
      return BAD_CODE_ERRCODES.has(result.errcode)
        ? fail(Code.invalidLoginCode, `invalid login code (${result.errcode})`)
        : fail(Code.wechatUnavailable, `wechat login failed (${result.errcode})`)
    }

    if (faults.requireBinding && !ctx.bindings.isBound(result.openid)) {
      return fail(Code.bindingRequired, 'bind your phone first', { data: { ticket: ctx.bindings.issueTicket(result.openid) } })
    }
    return ok(issueSession(ctx, result.openid))
  })
}
