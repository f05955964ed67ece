import { execFileSync, spawnSync } from 'node:child_process'
import fs, { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogWriter } from '../ui/log-writer.ts'

const socket = join(tmpdir(), `orgo-log-writer-${process.pid}.sock`)
const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' })
afterEach(() => spawnSync('tmux', ['-S', socket, 'kill-server']))

async function health(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/__sandbox/health`).then(
    (r) => r.ok,
    () => false,
  )
}

// Issue 13: the request log of `--no-ui` is written off the event loop. On Linux a write to a terminal is
// synchronous, so a terminal that stops reading (Ctrl-S, XOFF) used to stop the API at the next log line.
describe('the CLI request log', () => {
  it('keeps the API answering while the terminal is stopped with Ctrl-S, and the lines follow on Ctrl-Q', async () => {
    const port = 4400 + (process.pid % 500)
    const root = new URL('..', import.meta.url).pathname
    tmux(
      'new-session',
      '-d',
      '-x',
      '200',
      '-y',
      '50',
      `exec node ${root}bin/sandbox.js --no-ui --port ${port}`,
    )
    for (let i = 0; i < 300 && !(await health(port)); i++) await new Promise((r) => setTimeout(r, 50))
    tmux('send-keys', 'C-s')
    await new Promise((resolve) => setTimeout(resolve, 200))
    // Far more than a terminal buffers: with synchronous writes the server stopped within the first batches.
    const statuses: number[] = []
    for (let i = 0; i < 3000; i += 100) {
      const batch = Array.from({ length: 100 }, async (_, j) => {
        const path = `/api/v1/no-such-path-${i + j}-${'x'.repeat(80)}`
        const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) })
        await response.arrayBuffer()
        return response.status
      })
      statuses.push(...(await Promise.all(batch)))
    }
    expect(statuses.filter((s) => s !== 404)).toEqual([])
    tmux('send-keys', 'C-q')
    let screen = ''
    for (let i = 0; i < 100 && !screen.includes('no-such-path-2999-'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      screen = tmux('capture-pane', '-p', '-J')
    }
    expect(screen).toContain('no-such-path-2999-')
  }, 60_000)
})

describe('createLogWriter', () => {
  it('drops and counts lines past its bound instead of holding them, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-writer-'))
    const fifo = join(dir, 'out')
    execFileSync('mkfifo', [fifo])
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
    const fd = openSync(fifo, 'w')
    try {
      const writer = createLogWriter({ fd, maxQueuedBytes: 1000 })
      for (let i = 0; i < 1000; i++) writer.line(`line ${i} ${'x'.repeat(90)}`)
      expect(writer.dropped).toBeGreaterThan(900)
      await new Promise((resolve) => setTimeout(resolve, 50))
      writer.line('after')
      await new Promise((resolve) => setTimeout(resolve, 50))
      const buffer = Buffer.alloc(1 << 16)
      const text = buffer.toString('utf8', 0, readSync(reader, buffer))
      expect(text.startsWith('line 0 ')).toBe(true)
      expect(text).toContain(`... ${writer.dropped} log lines dropped`)
      expect(text.trimEnd().endsWith('after')).toBe(true)
    } finally {
      closeSync(fd)
      closeSync(reader)
      rmSync(dir, { recursive: true })
    }
  })

  it('writes at most once per 16 ms while lines keep arriving, even as each write finishes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-writer-'))
    const file = join(dir, 'log')
    const fd = openSync(file, 'w')
    // Count the writes: the writer calls fs.write, a live binding of the built-in module.
    const original = fs.write
    let writes = 0
    fs.write = ((...args: Parameters<typeof fs.write>) => {
      writes++
      return (original as (...a: unknown[]) => void)(...args)
    }) as typeof fs.write
    syncBuiltinESMExports()
    try {
      const writer = createLogWriter({ fd })
      let lines = 0
      // A line every turn of the event loop for 400 ms, as under load: lines arrive while a write is in flight.
      const until = Date.now() + 400
      while (Date.now() < until) {
        writer.line(`line ${lines++}`)
        await new Promise((resolve) => setImmediate(resolve))
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
      const written = readFileSync(file, 'utf8').trimEnd().split('\n')
      expect(written).toHaveLength(lines)
      expect(written.at(-1)).toBe(`line ${lines - 1}`)
      expect(lines).toBeGreaterThan(1000)
      // 400 ms at one write per 16 ms (plus the timers' slack): about 26; writing again as each write finished
      // was one write every few lines.
      expect(writes).toBeLessThanOrEqual(32)
    } finally {
      fs.write = original
      syncBuiltinESMExports()
      closeSync(fd)
      rmSync(dir, { recursive: true })
    }
  })
})
