/**
 * `npx tsx bench/dashboard.ts`: what the dashboard costs the server under load. `GET /api/v1/me` with an
 * Api-Token against the real CLI with the dashboard on (in tmux terminals, so stdout is a TTY; once on the
 * Tokens pane, once watching the Requests pane) and off (`--no-ui`, its log lines to /dev/null), and against
 * the sandbox with no output at all (bench/serve.ts). Besides req/s it prints the server process's CPU time
 * per 1000 requests, which a busy shared machine disturbs less. Rounds are interleaved; it prints medians
 * and ratios and never fails on a timing.
 */
import autocannon from 'autocannon'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { cpuMs, freePort } from './process-info.ts'

const DURATION = Number(process.env.BENCH_SECONDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const root = new URL('..', import.meta.url).pathname
const bin = `${root}bin/sandbox.js`
// A private tmux server on its own socket: a developer's own tmux sessions are never touched.
const socket = join(tmpdir(), `orgo-dash-bench-${process.pid}.sock`)
const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' })

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host: `acme.localhost:${port}` } },
      (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () =>
          res.statusCode === 200 ? resolve(text) : reject(new Error(`${path}: ${res.statusCode}`)),
        )
      },
    )
    req.on('error', reject)
    req.end()
  })
}

async function ready(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      await get(port, '/__sandbox/health')
      return
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(`no server on port ${port}`)
}

interface Server {
  name: string
  port: number
  pid: number
  stop(): void
}

async function dashboard(pane: string, name: string): Promise<Server> {
  const port = await freePort()
  const session = `orgo-dash-bench-${process.pid}-${pane}`
  // exec twice: the pane's process is the server itself, so its CPU time can be read.
  const command = `exec env -u CI -u CONTINUOUS_INTEGRATION ${process.execPath} ${bin} --port ${port}`
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', command)
  await ready(port)
  // Let the first frame land before switching panes.
  await new Promise((r) => setTimeout(r, 500))
  tmux('send-keys', '-t', session, pane)
  const pid = Number(tmux('display-message', '-p', '-t', session, '#{pane_pid}'))
  return { name, port, pid, stop: () => tmux('kill-session', '-t', session) }
}

async function plain(): Promise<Server> {
  const port = await freePort()
  const child = spawn(process.execPath, [bin, '--port', String(port), '--no-ui'], { stdio: 'ignore' })
  await ready(port)
  return { name: 'dashboard off (--no-ui)', port, pid: child.pid!, stop: () => child.kill() }
}

async function bare(): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', `${root}bench/serve.ts`, 'sandbox'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  )
  const { port } = JSON.parse(line) as { port: number }
  return { name: 'no output at all (bench/serve.ts)', port, pid: child.pid!, stop: () => child.kill() }
}

async function load({ port, pid }: Server, token: string) {
  const cpuBefore = cpuMs(pid)
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/me`,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { host: `acme.localhost:${port}`, 'api-token': token },
  })
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx and ${result.errors} errors`)
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    cpuPer1000: ((cpuMs(pid) - cpuBefore) * 1000) / result.requests.total,
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const servers: Server[] = []
const runs = new Map<string, Array<Awaited<ReturnType<typeof load>>>>()
try {
  servers.push(await bare(), await plain())
  servers.push(
    await dashboard('1', 'dashboard on, Tokens pane'),
    await dashboard('5', 'dashboard on, Requests pane'),
  )
  for (const s of servers) runs.set(s.name, [])
  const tokens = await Promise.all(
    servers.map(async (s) => {
      const state = JSON.parse(await get(s.port, '/__sandbox/state')) as {
        apiTokens: Array<{ tenant: string; isReadOnly: boolean; token: string }>
      }
      return state.apiTokens.find((k) => k.tenant === 'acme' && !k.isReadOnly)!.token
    }),
  )
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, s] of servers.entries()) runs.get(s.name)!.push(await load(s, tokens[i]!))
  }
} finally {
  for (const s of servers) s.stop()
  rmSync(socket, { force: true })
}

const figure = (s: Server, key: 'rps' | 'p99' | 'cpuPer1000') => median(runs.get(s.name)!.map((r) => r[key]))
const off = servers[1]!
console.log(
  `\nGET /api/v1/me (Api-Token), ${CONNECTIONS} connections, ${DURATION}s per run, median of ${ROUNDS} interleaved rounds`,
)
console.log(
  'Ratios are against the dashboard off (--no-ui): req/s on/off, and CPU per request off/on (1.00 = free).\n',
)
const head = ['req/s', 'p99 ms', 'CPU ms/1k', 'req/s ratio', 'CPU ratio']
console.log(`${'server'.padEnd(34)} ${head.map((h) => h.padStart(11)).join(' ')}`)
for (const s of servers) {
  const cells = [
    figure(s, 'rps').toFixed(0),
    String(figure(s, 'p99')),
    figure(s, 'cpuPer1000').toFixed(1),
    (figure(s, 'rps') / figure(off, 'rps')).toFixed(2),
    (figure(off, 'cpuPer1000') / figure(s, 'cpuPer1000')).toFixed(2),
  ]
  console.log(`${s.name.padEnd(34)} ${cells.map((c) => c.padStart(11)).join(' ')}`)
}
