/**
 * `npm run bench` (first part): `GET /api/v1/me` on the sandbox, side by side with a bare node:http server
 * answering the same bytes, in one interleaved run. Rows: the API alone (bench/serve.ts, no output), the CLI as
 * shipped (`dist/bin/cli.js --no-ui`, its log lines read by this process as a terminal would), the CLI with the
 * generic routes of Orgo's other operations off (`--no-generic`), 10x the routes, and 100,000 contacts. Each row
 * gives req/s over the bare server's in the same round and CPU time per request over the bare server's (the
 * steadier figure on a shared machine: it does not depend on who else had the cores). Medians; never fails on a
 * timing. Each pair is warmed up with one unmeasured run first. Builds dist/ first (BENCH_NO_BUILD=1 skips that).
 */
import autocannon from 'autocannon'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { createInterface } from 'node:readline'
import { cpuMs, freePort } from './process-info.ts'

const DURATION = Number(process.env.BENCH_SECONDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const root = new URL('..', import.meta.url).pathname

interface Started {
  child: ChildProcess
  port: number
  routes?: number
}

/** bench/serve.ts in its own process, so each server has a core to itself while autocannon drives it. */
async function serve(args: string[]): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./serve.ts', import.meta.url).pathname, ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  return { child, ...(JSON.parse(line) as { port: number; routes?: number }) }
}

/**
 * The shipped CLI; its stdout is a pipe that another process (`cat`) reads, as a terminal reads a log: not this
 * one, whose core drives the load.
 */
async function cli(args: string[]): Promise<Started> {
  const port = await freePort()
  const reader = spawn('sh', ['-c', 'exec cat > /dev/null'], { stdio: ['pipe', 'ignore', 'inherit'] })
  const child = spawn(process.execPath, ['dist/bin/cli.js', '--port', String(port), ...args], {
    cwd: root,
    stdio: ['ignore', reader.stdin!, 'inherit'],
  })
  child.once('exit', () => reader.kill())
  for (let i = 0; i < 200; i++) {
    const ok = await get(port, '/__sandbox/health', {}).then(
      () => true,
      () => false,
    )
    if (ok) return { child, port }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`sandbox ${args.join(' ')} did not start`)
}

function get(port: number, path: string, headers: Record<string, string>, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: body ? 'POST' : 'GET',
        headers: { host: `acme.localhost:${port}`, ...headers },
      },
      (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve(text))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

interface Run {
  rps: number
  p99: number
  cpuPerRequest: number
}

async function load(server: Started, headers: Record<string, string>): Promise<Run> {
  const cpuBefore = cpuMs(server.child.pid!)
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}/api/v1/me`,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { host: `acme.localhost:${server.port}`, ...headers },
  })
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx and ${result.errors} errors under load`)
  const cpuPerRequest = ((cpuMs(server.child.pid!) - cpuBefore) * 1000) / result.requests.total
  return { rps: result.requests.average, p99: result.latency.p99, cpuPerRequest }
}

async function credentials(port: number) {
  const state = JSON.parse(await get(port, '/__sandbox/state', {}))
  const token = state.apiTokens.find(
    (k: { tenant: string; isReadOnly: boolean }) => k.tenant === 'acme' && !k.isReadOnly,
  ).token
  const body = JSON.stringify({ username: 'admin@acme.test', password: 'password' })
  const login = JSON.parse(
    await get(port, '/api/v1/login-check', { 'content-type': 'application/json' }, body),
  )
  return {
    'Api-Token': { 'api-token': token as string },
    JWT: { authorization: `Bearer ${login.token as string}` },
  }
}

interface Variant {
  name: string
  start: () => Promise<Started>
  methods: Array<'Api-Token' | 'JWT'>
}

const VARIANTS: Variant[] = [
  { name: 'API alone', start: () => serve(['sandbox']), methods: ['Api-Token', 'JWT'] },
  { name: 'CLI --no-ui (log lines)', start: () => cli(['--no-ui']), methods: ['Api-Token'] },
  {
    name: 'CLI --no-ui --no-generic',
    start: () => cli(['--no-ui', '--no-generic']),
    methods: ['Api-Token'],
  },
  { name: 'API alone, x10 routes', start: () => serve(['sandbox', '--pad', '10']), methods: ['Api-Token'] },
  {
    name: 'API alone, 100k contacts',
    start: () => serve(['sandbox', '--contacts', '100000']),
    methods: ['Api-Token'],
  },
]

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

if (!process.env.BENCH_NO_BUILD) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (build.status !== 0) throw new Error('npm run build failed')
}

// The bare server answers exactly what the sandbox answers, so both write the same bytes.
const probe = await serve(['sandbox'])
const meBody = await get(probe.port, '/api/v1/me', (await credentials(probe.port))['Api-Token'])
probe.child.kill()

const bare = await serve(['bare', '--body', meBody])
const rows: Array<Run & { name: string; ratio: number; cpuRatio: number; bareRps: number }> = []
try {
  for (const variant of VARIANTS) {
    const s = await variant.start()
    try {
      const creds = await credentials(s.port)
      for (const method of variant.methods) {
        // Warm-up, not measured: V8 optimizes the hot path on background threads whose CPU counts too.
        await load(bare, {})
        await load(s, creds[method])
        // Interleave baseline and sandbox runs: load from other processes hits both alike; report the median.
        const runs: Array<Run & { ratio: number; cpuRatio: number; bareRps: number }> = []
        for (let round = 0; round < ROUNDS; round++) {
          const base = await load(bare, {})
          const run = await load(s, creds[method])
          runs.push({
            ...run,
            ratio: run.rps / base.rps,
            cpuRatio: base.cpuPerRequest / run.cpuPerRequest,
            bareRps: base.rps,
          })
        }
        const ratio = median(runs.map((r) => r.ratio))
        const mid = runs.find((r) => r.ratio === ratio)!
        const cpuRatio = median(runs.map((r) => r.cpuRatio))
        const routes = s.routes === undefined ? '' : ` [${s.routes} routes]`
        rows.push({ name: `${variant.name}, ${method}${routes}`, ...mid, cpuRatio })
      }
    } finally {
      s.child.kill()
    }
  }
} finally {
  bare.child.kill()
}

console.log(
  `\nGET /api/v1/me, ${CONNECTIONS} connections, ${DURATION}s per run, median of ${ROUNDS} interleaved rounds`,
)
console.log(
  'ratio: req/s over bare node:http in the same round; cpu ratio: bare CPU per request over this one\n',
)
console.log(
  `${'server'.padEnd(52)} ${'req/s'.padStart(7)} ${'p99 ms'.padStart(6)} ${'µs/req'.padStart(7)} ${'bare req/s'.padStart(10)} ${'ratio'.padStart(6)} ${'cpu ratio'.padStart(9)}`,
)
for (const r of rows) {
  console.log(
    `${r.name.padEnd(52)} ${r.rps.toFixed(0).padStart(7)} ${String(r.p99).padStart(6)} ${r.cpuPerRequest.toFixed(0).padStart(7)} ${r.bareRps.toFixed(0).padStart(10)} ${r.ratio.toFixed(2).padStart(6)} ${r.cpuRatio.toFixed(2).padStart(9)}`,
  )
}
