/**
 * `npm run bench:memory` (part of `npm run bench`): resident memory of the shipped CLI (`dist/bin/cli.js`), beside
 * a bare node:http server in the same run. Idle is the RSS once the process has settled (V8 gives back the
 * memory of start-up garbage some seconds after the last allocation, so it samples for SETTLE_SECONDS and keeps
 * the last value); peak is the kernel's high-water mark (VmHWM). The 100,000-contact row seeds them with the
 * `large-tenant` scenario, then reads 50 pages ordered by name (building the sorted index) before settling.
 * Builds dist/ first (BENCH_NO_BUILD=1 skips that). Prints figures and ratios; never fails on a size.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './process-info.ts'

const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 20)
const root = new URL('..', import.meta.url).pathname

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0)
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

async function waitFor(port: number, path = '/__sandbox/health'): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}${path}`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`nothing answered on ${port}`)
}

async function settle(pid: number): Promise<{ rss: number; peak: number }> {
  let last = memory(pid)
  for (let i = 0; i < SETTLE_SECONDS * 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    last = memory(pid)
  }
  return last
}

async function readPages(port: number): Promise<void> {
  const state = (await (await fetch(`http://127.0.0.1:${port}/__sandbox/state`)).json()) as {
    apiTokens: Array<{ token: string; isReadOnly: boolean; tenant: string }>
  }
  const token = state.apiTokens.find((t) => t.tenant === 'acme' && !t.isReadOnly)!.token
  for (let page = 1; page <= 50; page++) {
    const url = `http://127.0.0.1:${port}/api/v1/contacts?page=${page * 97}&order[name]=desc`
    const response = await fetch(url, { headers: { 'api-token': token } })
    if (!response.ok) throw new Error(`${url}: ${response.status}`)
    await response.arrayBuffer()
  }
}

interface Row {
  name: string
  rss: number
  peak: number
}

async function measure(name: string, args: string[], warm?: (port: number) => Promise<void>): Promise<Row> {
  const port = await freePort()
  const child: ChildProcess = spawn(
    process.execPath,
    ['dist/bin/cli.js', '--no-ui', '--port', String(port), ...args],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  )
  try {
    await waitFor(port)
    await warm?.(port)
    return { name, ...(await settle(child.pid!)) }
  } finally {
    child.kill()
  }
}

async function bareRow(): Promise<Row> {
  const port = await freePort()
  const code = `require('node:http').createServer((q, s) => s.end('{}')).listen(${port}, '127.0.0.1')`
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' })
  try {
    await waitFor(port, '/')
    return { name: 'bare node:http', ...(await settle(child.pid!)) }
  } finally {
    child.kill()
  }
}

/** The dashboard needs a terminal: a private tmux server gives it one (skipped where tmux is missing). */
async function dashboardRow(): Promise<Row | undefined> {
  if (spawnSync('tmux', ['-V']).status !== 0) return undefined
  const socket = join(tmpdir(), `orgo-mem-bench-${process.pid}.sock`)
  const port = await freePort()
  const command = `exec ${process.execPath} ${root}dist/bin/cli.js --port ${port}`
  execFileSync('tmux', ['-S', socket, 'new-session', '-d', '-x', '160', '-y', '50', command])
  try {
    await waitFor(port)
    const pid = Number(
      execFileSync('tmux', ['-S', socket, 'list-panes', '-F', '#{pane_pid}'], { encoding: 'utf8' }),
    )
    return { name: 'CLI with the dashboard (tmux)', ...(await settle(pid)) }
  } finally {
    spawnSync('tmux', ['-S', socket, 'kill-server'])
  }
}

if (!process.env.BENCH_NO_BUILD) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (build.status !== 0) throw new Error('npm run build failed')
}

const rows: Row[] = [await bareRow()]
rows.push(await measure('CLI --no-ui, seeded (25 contacts a tenant)', []))
rows.push(
  await measure('CLI --no-ui, +100,000 contacts (large-tenant)', ['--scenario', 'large-tenant'], readPages),
)
const dashboard = await dashboardRow()
if (dashboard) rows.push(dashboard)

const bare = rows[0]!
console.log(`\nResident memory, MB (idle: after ${SETTLE_SECONDS}s settled; peak: VmHWM)\n`)
console.log(`${'process'.padEnd(48)} ${'idle'.padStart(6)} ${'peak'.padStart(6)} ${'idle/bare'.padStart(9)}`)
for (const r of rows)
  console.log(
    `${r.name.padEnd(48)} ${r.rss.toFixed(0).padStart(6)} ${r.peak.toFixed(0).padStart(6)} ${(r.rss / bare.rss).toFixed(2).padStart(9)}`,
  )
console.log(
  '\nTargets (issue 13), for the server as its peers run (no terminal, --no-ui): idle under 100 MB; with' +
    ' 100,000 contacts under 200 MB idle and 300 MB peak. The dashboard row adds Ink and its Yoga engine' +
    ' (about 43 MB in a bare node); docs/decisions/007.',
)
