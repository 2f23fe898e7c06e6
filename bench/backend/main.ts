/**
 * `npm run bench:server`: the sample backend under load, with one instance on SQLite and with two
 * instances sharing one PostgreSQL (embedded, from npm), for authenticated GETs and for idempotent
 * POSTs with 10% duplicate keys. Writes bench/server-results.md. A benchmark, not a test: nothing
 * here passes or fails on time.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres } from '../../scripts/startEmbeddedPostgres'
import { prepareUsers } from './prepareUsers'
import { runLoad, type LoadResult, type Workload } from './runLoad'
import { runLogins } from './runLogins'
import { startInstance, type Instance } from './startInstance'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 20
const USERS = 50
// The login row: twice the per-IP limit, from one client, over two instances that share the limit.
const LOGIN_LIMIT = 200
const LOGIN_ATTEMPTS = 2 * LOGIN_LIMIT
// Other work on the machine shares its cores; the report says how busy it was.
const LOAD_AT_START = loadavg()[0]!.toFixed(1)

interface Row {
  setup: string
  workload: Workload | 'login'
  result: LoadResult
  /** Σ `keyedRuns` over the instances: keyed POSTs whose action ran. */
  runs: number
}

const admin = async (instance: Instance, path: string, method = 'GET') =>
  ((await (await fetch(`${instance.url}${path}`, { method })).json()) as { data: { inFlight: number; keyedRuns: number } }).data

/** Waits until no instance is still answering a request the load generator left behind. */
async function quiesce(instances: Instance[]): Promise<void> {
  for (const instance of instances) while ((await admin(instance, '/admin/stats')).inFlight > 0) await new Promise((r) => setImmediate(r))
}

async function measure(setup: string, instances: Instance[]): Promise<Row[]> {
  const users = await prepareUsers(instances[0]!.url, USERS)
  const rows: Row[] = []
  for (const workload of ['get', 'post'] as const) {
    for (const instance of instances) await admin(instance, '/admin/stats/reset', 'POST')
    console.log(`▶ ${setup}: ${workload} for ${SECONDS} s`)
    const result = await runLoad(instances.map((i) => i.url), users, workload, { seconds: SECONDS, connections: CONNECTIONS })
    await quiesce(instances)
    let runs = 0
    for (const instance of instances) runs += (await admin(instance, '/admin/stats')).keyedRuns
    rows.push({ setup, workload, result, runs })
  }
  await Promise.all(instances.map((i) => i.stop()))
  return rows
}

async function measureLogins(database: string): Promise<Row> {
  const instances = await Promise.all([0, 1].map(() => startInstance(database, { 'logins-per-ip': LOGIN_LIMIT })))
  console.log(`▶ PostgreSQL, 2 instances: ${LOGIN_ATTEMPTS} logins under a shared limit of ${LOGIN_LIMIT}`)
  const result = await runLogins(instances.map((i) => i.url), { attempts: LOGIN_ATTEMPTS, concurrency: CONNECTIONS })
  await Promise.all(instances.map((i) => i.stop()))
  return { setup: 'PostgreSQL, 2 instances', workload: 'login', result, runs: 0 }
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client(adminUrl)
  await client.connect()
  await client.query(`CREATE DATABASE ${name}`)
  await client.end()
  return adminUrl.replace(/\/postgres$/, `/${name}`)
}

const dir = await mkdtemp(join(tmpdir(), 'uni-relogin-bench-'))
const postgres = await startEmbeddedPostgres()
try {
  const sqlite = await measure('SQLite, 1 instance', [await startInstance(join(dir, 'app.db'))])
  const database = await createDatabase(postgres.url, 'bench')
  const shared = await measure('PostgreSQL, 2 instances', await Promise.all([startInstance(database), startInstance(database)]))
  const logins = await measureLogins(await createDatabase(postgres.url, 'bench_logins'))
  await writeFile(new URL('../server-results.md', import.meta.url), report([...sqlite, ...shared, logins]))
  console.log('wrote bench/server-results.md')
} finally {
  await postgres.stop()
  await rm(dir, { recursive: true, force: true })
}

function report(rows: Row[]): string {
  const cpu = cpus()
  const table = rows.map(({ setup, workload, result, runs }) => {
    const statuses = Object.entries(result.statuses).map(([status, count]) => `${status}: ${count}`).join(', ')
    const keys = result.keys
    const duplicates = keys ? String(Math.max(0, runs - keys.distinct) + keys.answeredFreshTwice) : '–'
    const keyColumns = keys ? `${keys.distinct} / ${keys.duplicateSends} / ${runs}` : '–'
    const name = {
      get: 'GET /profile',
      post: 'POST /register, 10% duplicate keys',
      login: `${LOGIN_ATTEMPTS} logins from one IP, limit ${LOGIN_LIMIT}/min per IP`,
    }[workload]
    return `| ${setup} | ${name} | ${Math.round(result.requestsPerSecond)} | ${result.p99Ms} | ${statuses} | ${keyColumns} | ${duplicates} |`
  })
  return `# Sample backend under load

\`npm run bench:server\` (${new Date().toISOString().slice(0, 10)}; Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}).
1-minute load average when it started: ${LOAD_AT_START}. autocannon, ${CONNECTIONS} connections for ${SECONDS} s per row (split evenly over the instances), ${USERS} users.
Every instance is its own process, started as \`npm run server\` starts it (logging at \`warn\`), on the same machine as
the load generator and PostgreSQL, so the numbers compare setups here rather than promise a capacity.

- **GET /profile**: authenticated, a random user's token each time.
- **POST /register**: with an \`Idempotency-Key\`; 10% of the sends reuse a key sent before (with its user and body),
  drawn from one pool for all instances, so a duplicate often reaches another instance than its first send.
  A duplicate that arrives while the first still runs is answered 409; one that arrives later is replayed (200).
- **logins from one IP**: ${LOGIN_ATTEMPTS} logins, ${CONNECTIONS} at a time, alternating between the two instances, each
  as another user, against a per-IP limit of ${LOGIN_LIMIT} a minute. The limit's counter lives in PostgreSQL, so the
  two instances together let exactly ${LOGIN_LIMIT} through (200) and refuse the rest (429), where counters in each
  instance's memory would let ${LOGIN_ATTEMPTS} through.
- **keys / duplicate sends / runs**: distinct keys sent, sends that reused one, and keyed requests whose action ran
  (the instances' \`keyedRuns\`).
- **duplicate executions**: runs beyond one per key, plus keys the client saw answered fresh (not replayed) twice.
  It must be 0.

On PostgreSQL a keyed POST is six statements, three of them writes that commit (the claim, the registration, the stored answer),
each waiting for the server's fsync, with the default settings of the embedded server; a GET is one query. The SQLite
instance answers from one local file in its own process, with no network hop.

| setup | workload | requests/s | p99 ms | answers | keys / duplicate sends / runs | duplicate executions |
|---|---|---|---|---|---|---|
${table.join('\n')}
`
}
