import type { FastifyInstance } from 'fastify'
import type { FakeWechat } from '../fakeWechat.js'
import { Code, fail } from '../result.js'

/** The openid that `GET /dev/code` logs in as when none is asked for. */
export const DEMO_OPENID = 'demo-openid'

/**
 * `GET /dev/code[?openid=…]` → `{ code }`: a fresh one-time code from the fake
 * WeChat, standing in for `wx.login` where there is none (H5, Node tests).
 * It logs anyone in as anyone, so it exists only in dev mode.
 */
export function devRoutes(app: FastifyInstance, fakeWechat: FakeWechat): void {
  app.get('/dev/code', async (request, reply) => {
    const { openid = DEMO_OPENID } = request.query as { openid?: string }
    if (!/^[\w-]{1,64}$/.test(openid)) {
      return reply.code(400).send(fail(Code.invalidInput, 'invalid input', { fields: { openid: 'must be 1-64 letters, digits, _ or -' } }))
    }
    return { code: fakeWechat.issueCode(openid) }
  })
}
