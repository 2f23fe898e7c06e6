import { mkdir, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { login, startServer, tempDir } from './helpers'

const SECRET = 'WX_SECRET=the-real-secret-123'

/** A directory like a careless deployment's: the H5 build beside an env file and a git checkout. */
async function staticDirWithDotfiles() {
  const dir = await tempDir()
  await writeFile(`${dir}/index.html`, '<!doctype html><title>h5</title>')
  await writeFile(`${dir}/.env`, SECRET)
  await mkdir(`${dir}/.git`)
  await writeFile(`${dir}/.git/config`, SECRET)
  await mkdir(`${dir}/assets/.hidden`, { recursive: true })
  await writeFile(`${dir}/assets/.hidden/x.js`, SECRET)
  return dir
}

describe('--static', () => {
  it('never serves a dotfile or anything under a dot directory', async () => {
    const server = await startServer({ staticDir: await staticDirWithDotfiles() })
    expect((await fetch(`${server.url}/index.html`)).status).toBe(200)
    for (const path of ['/.env', '/.git/config', '/assets/.hidden/x.js', '/%2Eenv', '/assets/..%2F.env']) {
      const response = await fetch(`${server.url}${path}`)
      expect(response.status, path).toBe(404)
      expect(await response.text(), path).not.toContain('the-real-secret')
    }
  })
})

describe('security headers', () => {
  const expectHardened = (headers: Headers, what: string) => {
    expect(headers.get('x-content-type-options'), what).toBe('nosniff')
    expect(headers.get('x-frame-options'), what).toBe('DENY')
    expect(headers.get('content-security-policy'), what).toMatch(/default-src 'self'.*frame-ancestors 'none'/)
    expect(headers.get('referrer-policy'), what).toBe('no-referrer')
  }

  it('are on the H5 page, API answers, errors and not-found answers alike', async () => {
    const server = await startServer({ staticDir: await staticDirWithDotfiles() })
    const { token } = await login(server)
    const answers = {
      page: await fetch(`${server.url}/`),
      api: await fetch(`${server.url}/profile`, { headers: { authorization: `Bearer ${token}` } }),
      malformed: await fetch(`${server.url}/v1/cif/loginByCode.do`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      notFound: await fetch(`${server.url}/no/such/thing`),
    }
    for (const [what, response] of Object.entries(answers)) expectHardened(response.headers, what)
    expect(answers.page.status).toBe(200)
  })

  it('adds HSTS only to answers that reached the client over https (through a trusted proxy)', async () => {
    const server = await startServer({ trustProxy: '127.0.0.1' })
    const over = (proto: string) => fetch(`${server.url}/dev/code`, { headers: { 'x-forwarded-proto': proto } })
    expect((await over('https')).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains')
    expect((await over('http')).headers.get('strict-transport-security')).toBeNull()
  })
})
