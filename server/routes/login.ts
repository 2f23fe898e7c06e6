import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Code2SessionError } from '../code2session.js'
import type { AppContext } from '../context.js'
import { issueSession } from '../issueSession.js'
import { perMinute } from '../rateLimits.js'
import { Code, fail, ok } from '../result.js'

/** WeChat errcodes that mean "this code is no good" rather than "the exchange is broken". */
const BAD_CODE_ERRCODES = new Set([40029, 40163])

/**
 * `POST /v1/cif/loginByCode.do { code }`: the seed's login by `wx.login` code.
 * Rate-limited per client IP (before anything runs) and per WeChat user (once the
 * exchange has named them), each answering HTTP 429 with `Retry-After`.
 */
export function loginRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { stats, faults, options } = ctx
  // The openid is known only mid-handler, so the per-user limiter reads it from here.
  const openidOf = new WeakMap<FastifyRequest, string>()
  const limitUser = app.createRateLimit({
    max: options.loginsPerUserPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `login-user:${openidOf.get(request)}`,
  })

  app.post('/v1/cif/loginByCode.do', { config: perMinute('login-ip', options.loginsPerIpPerMinute, 'ip', 'login attempts') }, async (request, reply) => {
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

    openidOf.set(request, result.openid)
    const limit = await limitUser(request)
    if (!limit.isAllowed && limit.isExceeded) {
      return reply
        .code(429)
        .header('retry-after', limit.ttlInSeconds)
        .send(fail(Code.tooManyRequests, `too many logins for this user, retry in ${limit.ttlInSeconds} s`))
    }

    if (faults.requireBinding && !ctx.bindings.isBound(result.openid)) {
      return fail(Code.bindingRequired, 'bind your phone first', { data: { ticket: ctx.bindings.issueTicket(result.openid) } })
    }
    return ok(await issueSession(ctx, result.openid))
  })
}
