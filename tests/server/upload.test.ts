import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bearer, login, makePng, startServer, upload } from './helpers'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('POST /upload', () => {
  it('stores a PNG byte-exact under its sha256 and serves it back', async () => {
    const server = await startServer()
    const { token } = await login(server)
    const png = makePng(16, 7)
    // The name and declared type lie; only the bytes count.
    const result = await upload(server, token, png, { filename: 'photo.txt', type: 'text/plain' })
    const hash = sha256(png)
    expect(result).toEqual({ code: '000000', data: { url: `/uploads/${hash}.png`, size: png.length, sha256: hash } })

    expect(await server.store.readUpload(`${hash}.png`)).toEqual(png)
    const served = await fetch(`${server.url}${result.data!.url}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png)
  })

  it('recognises jpeg, gif and webp by their magic bytes', async () => {
    const server = await startServer()
    const { token } = await login(server)
    const samples = {
      jpg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]),
      gif: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
      webp: Buffer.concat([Buffer.from('RIFF'), Buffer.from([4, 0, 0, 0]), Buffer.from('WEBPVP8 ')]),
    }
    for (const [ext, bytes] of Object.entries(samples)) {
      expect((await upload(server, token, bytes)).data?.url).toBe(`/uploads/${sha256(bytes)}.${ext}`)
    }
  })

  it('rejects a file that is not an image, whatever it claims to be', async () => {
    const server = await startServer()
    const { token } = await login(server)
    const text = Buffer.from('just some text, not a picture')
    const result = await upload(server, token, text, { filename: 'a.png', type: 'image/png' })
    expect(result.code).toBe('001415')
    expect(await server.store.findUpload(`${sha256(text)}.png`)).toBeUndefined()
  })

  it('rejects a file over the limit, drains it, and keeps serving', async () => {
    const server = await startServer()
    const { token } = await login(server)
    const huge = Buffer.concat([makePng(), Buffer.alloc(2 * 1024 * 1024)])
    const result = await upload(server, token, huge)
    expect(result.code).toBe('001413')
    expect(result.message).toContain(String(2 * 1024 * 1024))
    // The same connection pool still works afterwards.
    expect((await upload(server, token, makePng())).code).toBe('000000')
  })

  it('honours maxUploadBytes, accepting a file exactly at the limit', async () => {
    const png = makePng(4)
    const server = await startServer({ maxUploadBytes: png.length })
    const { token } = await login(server)
    expect((await upload(server, token, png)).code).toBe('000000')
    expect((await upload(server, token, Buffer.concat([png, Buffer.from([0])]))).code).toBe('001413')
  })

  it('asks for the file when the field is missing or named otherwise', async () => {
    const server = await startServer()
    const { token } = await login(server)
    const result = await upload(server, token, makePng(), { field: 'image' })
    expect(result).toEqual({ code: '001400', message: 'invalid input', fields: { file: 'required' } })
  })
})

describe('GET /uploads/:name and /files/:name', () => {
  it('answers 404 for unknown names and anything that is not a stored upload name', async () => {
    const server = await startServer()
    for (const name of [`${'a'.repeat(64)}.png`, '..%2Fapp.db', '%2E%2E%2F%2E%2E%2Fpackage.json', 'app.db']) {
      const response = await fetch(`${server.url}/uploads/${name}`)
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({ code: '001404', message: 'not found' })
    }
  })

  it('serves /files only with a valid token, answering HTTP 401 otherwise', async () => {
    const server = await startServer()
    const { token } = await login(server)
    const png = makePng(5)
    const { data } = await upload(server, token, png)
    const name = data!.url.slice('/uploads/'.length)

    const ok = await fetch(`${server.url}/files/${name}`, { headers: bearer(token) })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('cache-control')).toBe('private, no-store')
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(png)

    const missing = await fetch(`${server.url}/files/${name}`)
    expect(missing.status).toBe(401)
    expect(await missing.json()).toEqual({ code: '001101', message: 'token expired' })

    await fetch(`${server.url}/admin/expire-tokens`, { method: 'POST' })
    expect((await fetch(`${server.url}/files/${name}`, { headers: bearer(token) })).status).toBe(401)
  })
})
