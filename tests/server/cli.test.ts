import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { freshStore, tempDir } from './helpers'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TSX = join(ROOT, 'node_modules/.bin/tsx')

function runCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(TSX, ['server/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'development', ...env } })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${output}`)))
  })
  url.catch(() => {})
  return { child, url, output: () => output }
}

describe('server/cli.ts', () => {
  it('starts with flags and env, creates its data dir, logs without secrets, and stops on SIGTERM', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data')
    // The fake WeChat's own secret travels in every code2session URL.
    const secret = 'wx-dev-secret'
    const cli = runCli(['--dev', '--port', '0', '--data-dir', dataDir], { TOKEN_TTL: '7', WX_SECRET: '' })
    const url = await cli.url
    expect(cli.output()).toContain('DEV MODE')

    const { code } = (await (await fetch(`${url}/dev/code?openid=cli-user`)).json()) as { code: string }
    const login = await fetch(`${url}/v1/cif/loginByCode.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    })
    const { data } = (await login.json()) as { data: { token: string; expiresIn: number } }
    expect(data.expiresIn).toBe(7)
    expect(existsSync(join(dataDir, 'app.db'))).toBe(true)

    cli.child.kill('SIGTERM')
    const [exitCode] = await once(cli.child, 'exit')
    expect(exitCode).toBe(0)
    const output = cli.output()
    expect(output).toContain('"path":"/v1/cif/loginByCode.do"')
    for (const hidden of [secret, data.token, code]) expect(output).not.toContain(hidden)
  })

  it('prints usage listing every flag for --help, and refuses a bad number', async () => {
    const help = runCli(['--help'])
    expect((await once(help.child, 'exit'))[0]).toBe(0)
    const flags = ['--dev', '--port', '--host', '--store', '--data-dir', '--token-ttl', '--refresh-ttl', '--idempotency-ttl', '--purge-interval', '--request-timeout', '--refresh-reuse', '--session-lifetime', '--logins-per-ip', '--logins-per-user', '--refreshes-per-ip', '--registers-per-user', '--uploads-per-user', '--upload-quota', '--upload-retention', '--trust-proxy', '--static', '--cors-origins', '--log-level', '--help']
    for (const flag of flags) expect(help.output()).toContain(`  ${flag}`)

    const bad = runCli(['--port', 'abc'])
    expect((await once(bad.child, 'exit'))[0]).toBe(2)
    expect(bad.output()).toContain('--port must be a number')
  })

  it('refuses to start without --dev unless WX_APPID and WX_SECRET are set', async () => {
    const cli = runCli(['--port', '0', '--data-dir', await tempDir()], { WX_APPID: '', WX_SECRET: '', DEV: '' })
    expect((await once(cli.child, 'exit'))[0]).toBe(2)
    expect(cli.output()).toContain('WX_APPID and WX_SECRET are required')
  })

  it('refuses dev mode when WX_SECRET is set: a real secret means a real deployment', async () => {
    const cli = runCli(['--port', '0', '--data-dir', await tempDir()], { DEV: '1', WX_SECRET: 'a-real-looking-secret' })
    expect((await once(cli.child, 'exit'))[0]).toBe(2)
    expect(cli.output()).toContain('dev mode refuses to start with WX_SECRET set')
    expect(cli.output()).not.toContain('a-real-looking-secret')
  })

  it('runs in dev mode with DEV=1, on PostgreSQL with DATABASE_URL', async () => {
    const cli = runCli(['--port', '0'], { DEV: '1', DATABASE_URL: (await freshStore('postgres'))! })
    const url = await cli.url
    expect(cli.output()).toContain('data in PostgreSQL')
    expect((await fetch(`${url}/dev/code`)).status).toBe(200)
    cli.child.kill('SIGTERM')
    expect((await once(cli.child, 'exit'))[0]).toBe(0)
  })
})
