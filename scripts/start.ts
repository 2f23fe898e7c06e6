/**
 * `npm start`: build the sample for mp-weixin and H5, then run the backend, which also serves H5.
 * Needs nothing outside this machine.
 */
import { spawn, spawnSync } from 'node:child_process'

const port = process.env.PORT || '8787'
const apiBase = `http://127.0.0.1:${port}`
// CI=1 stops the uni CLI from posting an update check to DCloud on every build.
const env = { ...process.env, CI: process.env.CI || '1', VITE_API_BASE: apiBase }

for (const [target, script] of [['mp-weixin', 'build:mp-weixin'], ['H5', 'build:h5']] as const) {
  console.log(`\n▶ Building the sample for ${target}…`)
  const build = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit', env })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

console.log(`
┌──────────────────────────────────────────────────────────────────────────┐
  uni-relogin sample

  H5          open ${apiBase}/  in a browser
  mp-weixin   WeChat DevTools → Import → dist/build/mp-weixin
              Its baseURL is ${apiBase} (this backend). In DevTools tick
              "Does not verify valid domain names" (不校验合法域名).

  Dev mode (--dev): the fake WeChat, GET /dev/code and /admin/* are on,
  with no auth. A real deployment runs without it (npm run server -- --help).

  Tokens live 30 s (--token-ttl). Expire them all now:
              curl -X POST ${apiBase}/admin/expire-tokens
└──────────────────────────────────────────────────────────────────────────┘
`)

const server = spawn(
  process.execPath,
  ['--import', 'tsx', 'server/cli.ts', '--dev', '--port', port, '--static', 'dist/build/h5', ...process.argv.slice(2)],
  { stdio: 'inherit', env },
)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
