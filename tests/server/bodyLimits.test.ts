import { connect, type Socket } from 'node:net'
import { once } from 'node:events'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { RunningServer } from '../../server/createServer'
import { bearer, login, makePng, startServer, within } from './helpers'

/** A raw socket that sends `head` (and nothing after it), collecting whatever the server answers. */
async function rawRequest(server: RunningServer, head: string) {
  const socket: Socket = connect(server.port, '127.0.0.1')
  await once(socket, 'connect')
  let answer = ''
  socket.on('data', (chunk) => (answer += chunk))
  socket.on('error', () => {})
  onTestFinished(() => void socket.destroy())
  socket.write(head)
  const closed = once(socket, 'close').then(() => answer)
  return { socket, closed }
}

describe('request body limits', () => {
  it('ends a request whose body stalls once the request timeout passes, instead of holding the socket forever', async () => {
    const server = await startServer({ requestTimeoutSeconds: 0.3 })
    // The finding: Content-Length 1000 and a body of "{", then nothing.
    const stalled = await rawRequest(
      server,
      'POST /v1/cif/refreshToken.do HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    )
    expect(await within(stalled.closed, 10_000)).toMatch(/^HTTP\/1\.1 408 |^$/)
  })

  it('ends a connection that never finishes its headers', async () => {
    const server = await startServer({ requestTimeoutSeconds: 0.3 })
    const stalled = await rawRequest(server, 'POST /v1/cif/loginByCode.do HTTP/1.1\r\nHost: x\r\n')
    await within(stalled.closed, 10_000)
  })

  it('refuses a JSON body whose Content-Length is over the limit before reading it', async () => {
    const server = await startServer()
    // 2 MB announced, 1 byte sent: the answer must come without the rest.
    const big = await rawRequest(
      server,
      `POST /v1/cif/refreshToken.do HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n{`,
    )
    const answer = await within(big.closed, 10_000)
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(answer).toContain('"code":"001413"')
  })

  it('refuses an upload whose Content-Length is far over maxUploadBytes before reading it', async () => {
    const server = await startServer({ maxUploadBytes: 1024 })
    const { token } = await login(server)
    const big = await rawRequest(
      server,
      `POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: ${200 * 1024 * 1024}\r\n\r\n--b\r\n`,
    )
    const answer = await within(big.closed, 10_000)
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(answer).toContain('"code":"001413"')
  })

  it('still takes an upload just under the limit, its multipart framing included', async () => {
    const png = makePng(4)
    const server = await startServer({ maxUploadBytes: png.length })
    const { token } = await login(server)
    const form = new FormData()
    form.append('file', new Blob([png]), 'a-rather-long-file-name-for-the-framing-overhead.png')
    const response = await fetch(`${server.url}/upload`, { method: 'POST', headers: bearer(token), body: form })
    expect((await response.json()).code).toBe('000000')
  })
})
