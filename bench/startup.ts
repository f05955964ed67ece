/**
 * `npm run bench:startup`: how long each way of starting the sandbox takes to answer, beside a bare node:http
 * server and json-server 1.0 started the same way, in interleaved rounds (issue 16 item 3). Each start is a
 * fresh `node` process, timed from spawn to the first 200 of its health URL; the dashboard runs under a
 * pseudo-terminal (util-linux `script`) and is also timed to its first drawn frame. In process: a fresh `node`
 * importing `orgo-sandbox/node` and calling `createNodeSandbox()`, beside one importing `msw/node` alone.
 * Builds dist/ first (BENCH_NO_BUILD=1 skips that). Prints medians and ratios; never fails on a timing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { cpuMs, freePort } from './process-info.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const root = new URL('..', import.meta.url).pathname
const node = process.execPath

if (process.env.BENCH_NO_BUILD !== '1') {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (build.status !== 0) throw new Error('npm run build failed')
}

const dir = mkdtempSync(join(tmpdir(), 'orgo-startup-'))
const bareFile = join(dir, 'bare.mjs')
writeFileSync(
  bareFile,
  `import { createServer } from 'node:http'
createServer((req, res) => res.end('{"ok":true}')).listen(Number(process.argv[2]), '127.0.0.1')
`,
)
const dbFile = join(dir, 'db.json')
writeFileSync(dbFile, JSON.stringify({ posts: [{ id: '1', title: 'Hello' }] }))
const hasScript = spawnSync('script', ['--version']).status === 0

function answers(port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `localhost:${port}` } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode === 200))
    })
    req.on('error', () => resolve(false))
    req.end()
  })
}

interface Start {
  name: string
  /** The command for a port; run under a pseudo-terminal when `tty`. */
  command(port: number): string[]
  path: string
  tty?: boolean
  /** Text of the first frame (the dashboard's header): the time it shows up is the first-frame time. */
  frame?: string
  /** The row whose median this row's ratio is taken to. */
  base: string
}

const sh = (args: string[]) => args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
// A fixed size: a pseudo-terminal starts at 0x0, and the dashboard lays out to its terminal.
const underPty = (args: string[]) => [
  'script',
  '-qfec',
  `stty cols 120 rows 40; exec ${sh(args)}`,
  '/dev/null',
]

const BARE = 'bare node:http'
const BARE_PTY = 'bare node:http, pty'
const STARTS: Start[] = [
  { name: BARE, command: (p) => [node, bareFile, String(p)], path: '/', base: BARE },
  {
    // What `npx orgo-sandbox` runs in an installed package: the esbuild bundle (decision 011).
    name: 'node dist/bin/cli.js --no-ui (bundle)',
    command: (p) => [node, 'dist/bin/cli.js', '--no-ui', '--port', String(p)],
    path: '/__sandbox/health',
    base: BARE,
  },
  {
    name: 'node dist/cli.js --no-ui (tsc modules)',
    command: (p) => [node, 'dist/cli.js', '--no-ui', '--port', String(p)],
    path: '/__sandbox/health',
    base: BARE,
  },
  {
    name: 'node bin/sandbox.js --no-ui (tsx)',
    command: (p) => [node, 'bin/sandbox.js', '--no-ui', '--port', String(p)],
    path: '/__sandbox/health',
    base: BARE,
  },
  {
    name: 'json-server 1.0 db.json',
    command: (p) => [
      node,
      'node_modules/json-server/lib/bin.js',
      dbFile,
      '--host',
      '127.0.0.1',
      '--port',
      String(p),
    ],
    path: '/posts',
    base: BARE,
  },
  ...(hasScript
    ? [
        {
          name: BARE_PTY,
          command: (p: number) => underPty([node, bareFile, String(p)]),
          path: '/',
          tty: true,
          base: BARE_PTY,
        },
        {
          name: 'node dist/bin/cli.js (dashboard), pty',
          command: (p: number) => underPty([node, 'dist/bin/cli.js', '--port', String(p)]),
          path: '/__sandbox/health',
          tty: true,
          frame: 'orgo-sandbox ',
          base: BARE_PTY,
        },
      ]
    : []),
]

interface Timing {
  healthy: number
  /** The process's CPU time until healthy; not for the pty rows, whose process is `script`. */
  cpu?: number
  frame?: number
}

/** Kills a start and waits until nothing answers on its port: the next start must not share the CPU with it. */
async function stop(child: ChildProcess, port: number, path: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    // Its own process group: `script` and the shell under it go too.
    process.kill(-child.pid!, 'SIGKILL')
    await exited
  }
  // Under `script` the server is in a session of its own, ended by the hang-up of its terminal.
  for (let waited = 0; waited < 5000 && (await answers(port, path)); waited += 5)
    await new Promise((resolve) => setTimeout(resolve, 5))
}

async function timeStart(start: Start): Promise<Timing> {
  const port = await freePort()
  const [file, ...args] = start.command(port)
  let output = ''
  let frame: number | undefined
  const started = performance.now()
  const child = spawn(file!, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    if (start.frame && frame === undefined && output.includes(start.frame))
      frame = performance.now() - started
  })
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  try {
    for (;;) {
      if (await answers(port, start.path)) break
      if (child.exitCode !== null) throw new Error(`${start.name} exited ${child.exitCode}:\n${output}`)
      if (performance.now() - started > 60_000)
        throw new Error(`${start.name}: no answer in 60 s:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const healthy = performance.now() - started
    const cpu = start.tty || process.platform !== 'linux' ? undefined : cpuMs(child.pid!)
    while (start.frame && frame === undefined) {
      if (performance.now() - started > 60_000) throw new Error(`${start.name}: no frame in 60 s:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    return { healthy, cpu, frame }
  } finally {
    await stop(child, port, start.path)
  }
}

interface InProcess {
  name: string
  code: string
  base: string
}

const MSW = "import('msw/node')"
const nodeEntry = pathToFileURL(join(root, 'dist/mocks/node.js')).href
const IN_PROCESS: InProcess[] = [
  { name: MSW, code: `await import('msw/node')`, base: MSW },
  {
    name: "import('orgo-sandbox/node') + createNodeSandbox()",
    code: `const { createNodeSandbox } = await import(${JSON.stringify(nodeEntry)}); await createNodeSandbox()`,
    base: MSW,
  },
]

/** Milliseconds a fresh `node` takes to run `code`, measured inside it (its own boot is not counted). */
function timeInProcess(row: InProcess): number {
  const script = `const t0 = performance.now(); ${row.code}; console.log(performance.now() - t0)`
  const run = spawnSync(node, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`${row.name} failed:\n${run.stderr}`)
  return Number(run.stdout.trim().split('\n').at(-1))
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const healthy = new Map<string, number[]>(STARTS.map((s) => [s.name, []]))
const frames = new Map<string, number[]>()
const cpus = new Map<string, number[]>()
const inProcess = new Map<string, number[]>(IN_PROCESS.map((r) => [r.name, []]))
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved, and each round starts at another row, so a burst of load elsewhere hits every row alike.
    for (let i = 0; i < STARTS.length; i++) {
      const start = STARTS[(i + round) % STARTS.length]!
      const t = await timeStart(start)
      healthy.get(start.name)!.push(t.healthy)
      if (t.frame !== undefined) frames.set(start.name, [...(frames.get(start.name) ?? []), t.frame])
      if (t.cpu !== undefined) cpus.set(start.name, [...(cpus.get(start.name) ?? []), t.cpu])
    }
    for (let i = 0; i < IN_PROCESS.length; i++) {
      const row = IN_PROCESS[(i + round) % IN_PROCESS.length]!
      inProcess.get(row.name)!.push(timeInProcess(row))
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS}\n`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const cell = (ms: number, width: number) => ms.toFixed(0).padStart(width)
const line = (name: string, values: number[], base: number[] | undefined) => {
  const ratio = base ? (median(values) / median(base)).toFixed(2) : ''
  return `${name.padEnd(52)} ${cell(median(values), 7)} ${cell(Math.min(...values), 6)} ${cell(Math.max(...values), 6)} ${ratio.padStart(6)}`
}
const header = (what: string, base: string) =>
  `${what.padEnd(52)} ${'median'.padStart(7)} ${'min'.padStart(6)} ${'max'.padStart(6)} ${`/${base}`.padStart(6)}`

console.log(`\nStart-up, ms, median of ${ROUNDS} interleaved rounds (node ${process.version})`)
console.log(
  'From spawn to the first 200 of the health URL (the sandbox: /__sandbox/health; json-server: /posts).\n',
)
console.log(header('process', 'base'))
for (const start of STARTS) {
  console.log(line(start.name, healthy.get(start.name)!, healthy.get(start.base)))
  const drawn = frames.get(start.name)
  if (drawn) console.log(line(`${start.name}: first frame`, drawn, healthy.get(start.base)))
}
if (!hasScript) console.log('(dashboard rows skipped: no util-linux `script` to give it a pseudo-terminal)')
console.log(`\nRatios: to "${BARE}" (the pty rows to "${BARE_PTY}"); target node start to healthy <= 2.00.`)
if (cpus.size) {
  // CPU time is what other load on the machine disturbs least: a start waiting for a core does not count.
  console.log('\nCPU time (user + system) of the process until healthy, ms, in 10 ms ticks\n')
  console.log(header('process', 'base'))
  for (const { name } of STARTS) {
    const values = cpus.get(name)
    if (values) console.log(line(name, values, cpus.get(BARE)))
  }
  console.log("(a child's own children are not counted: tsx's esbuild service, for one)")
}
console.log(
  '\nIn process, ms, a fresh node each, from before the import to after it (node boot not counted)\n',
)
console.log(header('import', 'msw'))
for (const row of IN_PROCESS) console.log(line(row.name, inProcess.get(row.name)!, inProcess.get(row.base)))
console.log(`\nRatio: to ${MSW} alone; target <= 2.00.`)
