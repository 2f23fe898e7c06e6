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
})
