import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { initWorkerCommand } from '../mocks/init-worker.ts'

// `sandbox init-worker <publicDir>`; the example's browser test runs the real CLI (examples/web-app/build.ts).

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

function run(args: string[]) {
  const out = new PassThrough()
  const err = new PassThrough()
  const code = initWorkerCommand(args, out, err)
  return { code, out: String(out.read() ?? ''), err: String(err.read() ?? '') }
}

describe('sandbox init-worker', () => {
  it("writes msw's own worker script, creating the directory", () => {
    dir = mkdtempSync(join(tmpdir(), 'init-worker-'))
    const target = join(dir, 'public', 'mockServiceWorker.js')
    expect(run([join(dir, 'public')])).toEqual({ code: 0, out: `Wrote ${target}\n`, err: '' })
    const original = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js')
    expect(readFileSync(target, 'utf8')).toBe(readFileSync(original, 'utf8'))
  })

  it('asks for exactly one directory', () => {
    for (const args of [[], ['a', 'b'], ['--force']]) {
      const result = run(args)
      expect(result.code).toBe(2)
      expect(result.err).toContain('give exactly one public directory, e.g. "sandbox init-worker public"')
    }
    expect(run(['--help'])).toMatchObject({
      code: 0,
      out: expect.stringContaining('Usage: sandbox init-worker <publicDir>'),
    })
  })

  it('says which directory it could not write', () => {
    const result = run(['/dev/null/public'])
    expect(result.code).toBe(1)
    expect(result.err).toMatch(
      /^sandbox init-worker: cannot write mockServiceWorker.js into "\/dev\/null\/public": ENOTDIR/,
    )
  })
})
