/**
 * `npm run bench`: req/s and p99 of `GET /api/v1/me` (Api-Token and JWT) on the standalone sandbox, side by
 * side with a bare node:http server answering the same JSON, in the same run. Prints ratios; never fails on
 * a timing (this machine is shared and noisy: compare the ratios, not the raw numbers).
 */
import autocannon from 'autocannon'
import { spawn, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { createInterface } from 'node:readline'

const DURATION = Number(process.env.BENCH_SECONDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)

interface Started {
  child: ChildProcess
  port: number
  routes?: number
}

async function serve(args: string[]): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./serve.ts', import.meta.url).pathname, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  return { child, ...(JSON.parse(line) as { port: number; routes?: number }) }
}

function get(port: number, path: string, headers: Record<string, string>, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', headers }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve(text))
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function load(port: number, headers: Record<string, string>) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/me`,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { host: `acme.localhost:${port}`, ...headers },
  })
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx and ${result.errors} errors under load`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

interface Variant {
  name: string
  args: string[]
}

const VARIANTS: Variant[] = [
  { name: '', args: [] },
  { name: ' x10 handlers', args: ['--pad', '10'] },
  { name: ' 100k contacts', args: ['--contacts', '100000'] },
]
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

async function credentials(port: number) {
  const host = `acme.localhost:${port}`
  const state = JSON.parse(await get(port, '/__sandbox/state', { host }))
  const token = state.apiTokens.find(
    (k: { tenant: string; isReadOnly: boolean }) => k.tenant === 'acme' && !k.isReadOnly,
  ).token
  const body = JSON.stringify({ username: 'admin@acme.test', password: 'password' })
  const login = JSON.parse(
    await get(port, '/api/v1/login-check', { host, 'content-type': 'application/json' }, body),
  )
  return {
    'Api-Token': { 'api-token': token as string },
    JWT: { authorization: `Bearer ${login.token as string}` },
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

// The bare server answers exactly what the sandbox answers, so both write the same bytes.
const probe = await serve(['sandbox'])
const probeHeaders = (await credentials(probe.port))['Api-Token']
const meBody = await get(probe.port, '/api/v1/me', { host: `acme.localhost:${probe.port}`, ...probeHeaders })
probe.child.kill()

const bare = await serve(['bare', '--body', meBody])
const results: Array<{ name: string; rps: number; p99: number; ratio: number; bareRps: number }> = []
try {
  for (const variant of VARIANTS) {
    const s = await serve(['sandbox', ...variant.args])
    try {
      const creds = await credentials(s.port)
      for (const [method, headers] of Object.entries(creds)) {
        // Interleave baseline and sandbox runs: load from other processes hits both alike; report the median.
        const runs: Array<{ rps: number; p99: number; ratio: number; bareRps: number }> = []
        for (let round = 0; round < ROUNDS; round++) {
          const base = await load(bare.port, {})
          const run = await load(s.port, headers)
          runs.push({ ...run, ratio: run.rps / base.rps, bareRps: base.rps })
        }
        const ratio = median(runs.map((r) => r.ratio))
        const mid = runs.find((r) => r.ratio === ratio)!
        results.push({ name: `sandbox ${method}${variant.name} [${s.routes} routes]`, ...mid })
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
console.log('Each server runs in its own process; autocannon drives it from this one.\n')
console.log(
  `${'server'.padEnd(44)} ${'req/s'.padStart(8)} ${'p99 ms'.padStart(7)} ${'bare req/s'.padStart(11)} ${'ratio'.padStart(6)}`,
)
for (const r of results) {
  console.log(
    `${r.name.padEnd(44)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p99).padStart(7)} ${r.bareRps.toFixed(0).padStart(11)} ${r.ratio.toFixed(2).padStart(6)}`,
  )
}
console.log('\nStart-up (time to healthy, dashboard, createNodeSandbox()): npm run bench:startup')
