import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bearer, freshStore, registeredUser, startServer, STORE_KINDS } from './helpers'

const ROUTES = ['/register', '/v1/cif/refreshToken.do', '/v1/cif/loginByCode.do', '/v1/cif/bindPhone.do', '/admin/faults']
// Any character, with the troublesome ones (NUL, controls, bidi, zero-width, a lone surrogate) often.
const character = fc.oneof(fc.constantFrom('\u0000', '\u0007', '\u202E', '\u2066', '\u200B', '\uFEFF', '\uD800'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }))
const raised = { loginsPerIpPerMinute: 1e6, refreshesPerIpPerMinute: 1e6, registersPerUserPerMinute: 1e6 }

describe.each(STORE_KINDS)('any JSON on %s', (kind) => {
  it('never makes a route answer 5xx, whatever the text (NUL, lone surrogates, bidi) or shape', async () => {
    const server = await startServer({ store: await freshStore(kind), ...raised })
    const { token, valid } = await registeredUser(server, 'fuzz')
    // Bodies that look like real ones, with any value in any field, and arbitrary JSON outright.
    const body = fc.oneof(
      fc.record({ nickname: fc.string({ unit: character, minLength: 1, maxLength: 20 }), phone: fc.constant(valid.phone), avatarUrl: fc.constant(valid.avatarUrl), agree: fc.constant(true) }),
      fc.record({ nickname: fc.jsonValue(), phone: fc.jsonValue(), avatarUrl: fc.jsonValue(), agree: fc.jsonValue() }),
      fc.record({ code: fc.string({ unit: 'binary' }), refreshToken: fc.string({ unit: 'binary' }), ticket: fc.jsonValue() }),
      fc.jsonValue({ maxDepth: 40, stringUnit: 'binary' }),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), body, fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }), async (route, json, key) => {
        const response = await fetch(`${server.url}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer(token), 'idempotency-key': key },
          body: JSON.stringify(json),
        })
        await response.arrayBuffer()
        expect(response.status, `${route} ${JSON.stringify(json)}`).toBeLessThan(500)
      }),
      { numRuns: 150 },
    )
  })
})
