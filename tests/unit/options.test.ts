import { afterEach, describe, expect, it } from 'vitest'
import type { ReloginOptions } from '../../src/options'
import { resolveOptions } from '../../src/resolveOptions'
import { adoptInstance, offlineWait, refreshTokens, renewBeforeExpiry, retry } from '../../src/index'
import { createNodeUni } from '../../testing/createNodeUni'

const exchange: ReloginOptions['exchange'] = async () => ({ token: 't' })
const install = (platform: string) => ((globalThis as { uni?: unknown }).uni = createNodeUni({ platform }))
afterEach(() => delete (globalThis as { uni?: unknown }).uni)

describe('resolveOptions', () => {
  it('applies every default in one place', () => {
    install('mp-weixin')
    const resolved = resolveOptions({ baseURL: 'https://api.example.com', exchange, header: { 'X-App': '1' } })
    expect(resolved).toMatchObject({ maxRelogins: 1, maxConcurrent: 10, loginTimeout: 15_000, features: [] })
    expect(resolved.idempotencyHeader).toBe('Idempotency-Key')
    expect(resolved.http).toEqual({ header: { 'X-App': '1' } })
    expect(resolved.isExpired({ statusCode: 401, data: null, header: {} })).toBe(true)
    expect(resolved.isExpired({ statusCode: 200, data: { code: '001101' }, header: {} })).toBe(false)
  })

  it.each([
    [{ baseURL: 'api.example.com' }, /baseURL/],
    [{ baseURL: undefined }, /baseURL/],
    [{ exchange: undefined }, /exchange/],
    [{ maxRelogins: -1 }, /maxRelogins/],
    [{ maxConcurrent: 0 }, /maxConcurrent/],
    [{ loginTimeout: 1.5 }, /loginTimeout/],
    [{ isExpired: 'yes' }, /isExpired/],
    [{ features: [null] }, /features/],
    [{ offline: 'fail' }, /`offline` is a feature you import since 0\.2: features: \[offlineWait\(\)\]/],
    [{ refreshLeadTime: 1 }, /renewBeforeExpiry/],
  ])('rejects bad input eagerly with a TypeError naming the option: %o', (bad, message) => {
    install('mp-weixin')
    const options = { baseURL: 'https://api.example.com', exchange, ...bad } as unknown as ReloginOptions
    expect(() => resolveOptions(options)).toThrow(TypeError)
    expect(() => resolveOptions(options)).toThrow(message)
  })

  it.each([
    ['web', /getCode.*required here: H5 has no uni.login/],
    ['app', /getCode.*required here: App's uni.login opens the provider's app/],
    ['mp-baidu', /getCode.*required here: Baidu's swan.login works only after the person taps a button/],
  ])('requires getCode on %s, which has no silent login code', (platform, message) => {
    install(platform)
    expect(() => resolveOptions({ baseURL: '/api', exchange })).toThrow(message)
    expect(() => resolveOptions({ baseURL: '/api', exchange, getCode: async () => 'c' })).not.toThrow()
  })
})

describe("features check their own options, when the app calls them", () => {
  it.each([
    ['retry', () => retry({ limit: -1 }), /retry\.limit/],
    ['offlineWait', () => offlineWait('later' as never), /offlineWait\(mode\)/],
    ['refreshTokens', () => refreshTokens('yes' as never), /refreshTokens\(refresh\)/],
    ['renewBeforeExpiry', () => renewBeforeExpiry({ leadTime: -5 }), /leadTime/],
    ['adoptInstance', () => adoptInstance({} as never), /adoptInstance\(http\)/],
  ])('%s throws a TypeError that names it', (_name, make, message) => {
    expect(make).toThrow(TypeError)
    expect(make).toThrow(message)
  })
})
