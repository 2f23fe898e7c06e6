import { afterEach, describe, expect, it, vi } from 'vitest'
import { bearer, devCode, getJson, login, makePng, postJson, startServer, upload } from './helpers'

const SECRET = 'sEcReT-never-shown-42'

describe('secrets', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('never puts the app secret in a response, nor a secret, token or code in a log line', async () => {
    const responses: string[] = []
    const realFetch = globalThis.fetch
    vi.stubGlobal('fetch', async (...args: Parameters<typeof fetch>) => {
      const response = await realFetch(...args)
      let headers = ''
      response.headers.forEach((value, name) => (headers += `${name}: ${value}\n`))
      responses.push(headers + (await response.clone().text()))
      return response
    })
    const lines: string[] = []
    const server = await startServer({ secret: SECRET, logger: { level: 'trace', stream: { write: (line) => void lines.push(line) } } })
    // A second server with another secret, so that code2session also fails once.
    const wrongWechat = await startServer({ secret: 'other', wxApiBase: `${server.url}/fake-wx`, logger: { stream: { write: (line) => void lines.push(line) } } })

    const codes = [await devCode(server, 'kim'), await devCode(server, 'kim'), await devCode(server, 'kim')]
    const { token } = (await postJson(`${server.url}/v1/cif/loginByCode.do`, { code: codes[0] })).data
    expect((await postJson(`${server.url}/v1/cif/loginByCode.do`, { code: codes[0] })).code).toBe('001102')
    expect((await postJson(`${wrongWechat.url}/v1/cif/loginByCode.do`, { code: codes[1] })).code).toBe('001502')
    // A malformed body quoting a code must not be echoed back or logged.
    const malformed = await fetch(`${server.url}/v1/cif/loginByCode.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"code": "${codes[2]}"`,
    })
    expect(malformed.status).toBe(400)
    expect(await malformed.text()).not.toContain(codes[2])
    const { data } = await upload(server, token, makePng())
    await postJson(`${server.url}/register`, { nickname: 'Kim', phone: '13300133000', avatarUrl: data!.url, agree: true }, { ...bearer(token), 'idempotency-key': 'k1' })
    await getJson(`${server.url}/profile`, token)
    await getJson(`${server.url}/admin/stats`)
    await getJson(`${server.url}/fake-wx/sns/jscode2session?appid=wx-dev-appid&secret=${SECRET}&js_code=${codes[2]}&grant_type=authorization_code`)
    const second = await login(server, 'kim')
    await server.close()
    await wrongWechat.close()

    expect(responses.length).toBeGreaterThan(10)
    for (const response of responses) expect(response).not.toContain(SECRET)

    const log = lines.join('')
    expect(log).toContain('"path":"/v1/cif/loginByCode.do"')
    expect(log).toContain('"path":"/fake-wx/sns/jscode2session"')
    for (const secret of [SECRET, token, second.token, ...codes, 'Bearer']) expect(log).not.toContain(secret)
  })
})
