import { describe, expect, it } from 'vitest'
import { startServer } from './helpers'

describe('CORS', () => {
  it('lets a local H5 dev server call the API with a token and an idempotency key', async () => {
    const server = await startServer()
    const preflight = await fetch(`${server.url}/register`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Idempotency-Key/)
    const call = await fetch(`${server.url}/profile`, { headers: { origin: 'http://127.0.0.1:5173' } })
    expect(call.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
  })

  it('gives any other origin no CORS headers', async () => {
    const server = await startServer()
    const call = await fetch(`${server.url}/profile`, { headers: { origin: 'https://evil.example' } })
    expect(call.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('reflects localhost origins only in dev mode, and in production only the configured ones', async () => {
    const wechat = await startServer()
    const server = await startServer({
      dev: false,
      appid: 'wx-dev-appid',
      secret: 'wx-dev-secret',
      wxApiBase: `${wechat.url}/fake-wx`,
      corsOrigins: ['https://h5.example.com'],
    })
    const allowed = async (origin: string) => (await fetch(`${server.url}/profile`, { headers: { origin } })).headers.get('access-control-allow-origin')
    expect(await allowed('http://localhost:5173')).toBeNull()
    expect(await allowed('http://127.0.0.1:5173')).toBeNull()
    expect(await allowed('https://h5.example.com')).toBe('https://h5.example.com')
    expect(await allowed('https://h5.example.com.evil.example')).toBeNull()
  })

  it('adds configured origins to the local ones in dev mode', async () => {
    const server = await startServer({ corsOrigins: ['https://h5.example.com'] })
    const call = await fetch(`${server.url}/profile`, { headers: { origin: 'https://h5.example.com' } })
    expect(call.headers.get('access-control-allow-origin')).toBe('https://h5.example.com')
  })
})
