/**
 * `npm run bench:db`: what durability costs. Writes/s of `POST /api/v1/contacts` with `--db` (each answer waits
 * for its group-committed, fsynced save: SPEC 12) against the same sandbox in memory, and `GET /api/v1/me` on both
 * (a read never waits for a save). Interleaved rounds, each from the seeded state (a reset first); prints ratios
 * and never fails on a timing (this machine is shared and noisy: compare the ratios, not the raw numbers).
 */
import autocannon from 'autocannon'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, watch } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const DURATION = Number(process.env.BENCH_SECONDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

interface Server {
  name: string
  child: ChildProcess
  port: number
  token: string
}

async function serve(name: string, args: string[]): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./serve.ts', import.meta.url).pathname, 'sandbox', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  const { port } = JSON.parse(line) as { port: number }
  const state = JSON.parse(await call(port, 'GET', '/__sandbox/state'))
  return { name, child, port, token: state.apiTokens[0].token as string }
}

function call(port: number, method: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve(text))
    })
    req.on('error', reject)
    req.end()
  })
}

interface Run {
  rps: number
  p99: number
}

async function load(s: Server, kind: 'write' | 'read', round: number): Promise<Run> {
  // Every run starts from the seeded state: the file (and each save) is as large at the start of every run.
  await call(s.port, 'POST', '/__sandbox/reset')
  let n = 0
  const result = await autocannon({
    url: `http://127.0.0.1:${s.port}${kind === 'write' ? '/api/v1/contacts' : '/api/v1/me'}`,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { host: `acme.localhost:${s.port}`, 'api-token': s.token, 'content-type': 'application/json' },
    requests: [
      {
        method: kind === 'write' ? 'POST' : 'GET',
        // A new email each time: the same one twice is a 409.
        setupRequest: (req) =>
          kind === 'write'
            ? { ...req, body: JSON.stringify({ name: 'Bench Mark', email: `r${round}-${n++}@bench.test` }) }
            : req,
      },
    ],
  })
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${s.name}: ${result.non2xx} non-2xx and ${result.errors} errors under load`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const dir = mkdtempSync(join(tmpdir(), 'orgo-bench-db-'))
const file = join(dir, 'db.json')
const memory = await serve('in memory', [])
const disk = await serve('--db', ['--db', file])
// Each save ends with a rename onto db.json: counting those counts the saves (group commit: writes per save).
let saves = 0
const watcher = watch(dir, (event, name) => event === 'rename' && name === 'db.json' && saves++)
const rows: Array<{ what: string; mem: Run; db: Run; ratio: number; perSave?: number }> = []
try {
  for (const kind of ['write', 'read'] as const) {
    const runs: Array<{ mem: Run; db: Run; ratio: number; perSave: number }> = []
    for (let round = 0; round < ROUNDS; round++) {
      const mem = await load(memory, kind, round)
      const before = saves
      const db = await load(disk, kind, round)
      // The reset's own save is one of those counted; a run's requests are rps x duration.
      const perSave = (db.rps * DURATION) / Math.max(1, saves - before - 1)
      runs.push({ mem, db, ratio: db.rps / mem.rps, perSave })
    }
    const ratio = median(runs.map((r) => r.ratio))
    const mid = runs.find((r) => r.ratio === ratio)!
    rows.push({
      what: kind === 'write' ? 'POST /api/v1/contacts' : 'GET /api/v1/me',
      ...mid,
      perSave: kind === 'write' ? mid.perSave : undefined,
    })
  }
} finally {
  watcher.close()
  memory.child.kill()
  disk.child.kill()
  rmSync(dir, { recursive: true, force: true })
}

console.log(
  `\n--db vs in memory, ${CONNECTIONS} connections, ${DURATION}s per run, median of ${ROUNDS} interleaved rounds`,
)
console.log('Each server runs in its own process; autocannon drives both from this one.\n')
console.log(
  `${'request'.padEnd(24)} ${'memory/s'.padStart(9)} ${'p99 ms'.padStart(7)} ${'--db/s'.padStart(9)} ${'p99 ms'.padStart(7)} ${'ratio'.padStart(6)} ${'writes/save'.padStart(12)}`,
)
for (const r of rows) {
  console.log(
    `${r.what.padEnd(24)} ${r.mem.rps.toFixed(0).padStart(9)} ${String(r.mem.p99).padStart(7)} ${r.db.rps.toFixed(0).padStart(9)} ${String(r.db.p99).padStart(7)} ${r.ratio.toFixed(2).padStart(6)} ${(r.perSave === undefined ? '' : r.perSave.toFixed(1)).padStart(12)}`,
  )
}
