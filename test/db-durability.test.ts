import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import fsp from 'node:fs/promises'
import { syncBuiltinESMExports } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openDbFile } from '../mocks/db/persistence.ts'
import { rawCall, startTestServer, type TestServer } from './helpers.ts'

/** Issue 12, SPEC 12: with --db a write is on disk before its answer; odd paths are refused, links and modes kept. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const tempDir = () => mkdtempSync(join(tmpdir(), 'orgo-durable-'))
const contactEmails = (file: string): string[] =>
  JSON.parse(readFileSync(file, 'utf8')).contacts.map((c: { email: string }) => c.email)
const newContact = (s: TestServer, email: string) =>
  s.call({ method: 'POST', path: '/api/v1/contacts', headers: rw(s), body: { name: 'Dur Able', email } })
const rw = (s: TestServer) => ({ 'Api-Token': s.tokens('acme').rw })

/** The real CLI, as a user starts it; resolves once it prints the URL it listens on. */
async function startCli(file: string): Promise<{ child: ChildProcess; port: number; token: string }> {
  const child = spawn(process.execPath, ['bin/sandbox.js', '--no-ui', '--port', '0', '--db', file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line)
      if (found) resolve(Number(found[1]))
    })
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)))
  })
  // Keep reading the log: a full pipe would stall the server mid-burst.
  child.stdout!.resume()
  const state = (await rawCall(port, { path: '/__sandbox/state' })).json
  const token = state.apiTokens[0]
  expect([token.tenant, token.isReadOnly]).toEqual(['acme', false])
  return { child, port, token: token.token as string }
}

/** Replaces node:fs/promises `rename` (write-file-atomic.ts's named import follows) until the test ends. */
const realRename = fsp.rename
function patchRename(replacement: typeof fsp.rename) {
  fsp.rename = replacement
  syncBuiltinESMExports()
}
afterEach(() => {
  fsp.rename = realRename
  syncBuiltinESMExports()
  vi.restoreAllMocks()
})

describe('--db durability (SPEC 12, findings M5)', () => {
  it('M5: kill -9 during a burst of writes loses none that were answered', async () => {
    const file = join(tempDir(), 'db.json')
    const answered: string[] = []
    // Three runs on one file, killed after a different number of answers, each while ten writers are mid-request.
    for (const [round, killAfter] of [40, 120, 200].entries()) {
      const { child, port, token } = await startCli(file)
      const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
      let acked = 0
      let killed = false
      const writer = async (w: number) => {
        for (let i = 0; !killed; i++) {
          const email = `r${round}-w${w}-${i}@kill.test`
          const res = await rawCall(port, {
            method: 'POST',
            path: '/api/v1/contacts',
            host: `127.0.0.1:${port}`,
            headers: { 'Api-Token': token },
            body: { name: 'Kill Nine', email },
          }).catch(() => undefined)
          if (res?.status === 201) answered.push(email)
          else if (res) throw new Error(`unexpected ${res.status}: ${res.text}`)
          if (res && ++acked === killAfter) {
            killed = true
            child.kill('SIGKILL')
          }
        }
      }
      await Promise.all(Array.from({ length: 10 }, (_, w) => writer(w)))
      expect(await exited).toBe('SIGKILL')
      // The file always loads, and holds every write that was answered.
      const s = await startTestServer({ dbFile: file })
      const kept = new Set(
        s.sandbox
          .tenant('acme')!
          .contacts.all()
          .map((c) => c.email),
      )
      await s.close()
      expect(answered.filter((email) => !kept.has(email))).toEqual([])
    }
    expect(answered.length).toBeGreaterThanOrEqual(360)
  }, 60_000)

  it('M5: each write is in the file when its 201 arrives, and concurrent writes share a few saves', async () => {
    const file = join(tempDir(), 'db.json')
    const s = await startTestServer({ dbFile: file })
    let saves = 0
    patchRename(async (from, to) => {
      saves++
      return realRename(from, to)
    })
    const seenOnDisk = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const res = await newContact(s, `group${i}@acme.test`)
        expect(res.status).toBe(201)
        return contactEmails(file).includes(`group${i}@acme.test`)
      }),
    )
    await s.close()
    expect(seenOnDisk.every(Boolean)).toBe(true)
    // Group commit: 50 writers, a handful of fsynced saves (one per request would be 50).
    expect(saves).toBeGreaterThan(0)
    expect(saves).toBeLessThanOrEqual(10)
  })

  it('M5: a request that changed nothing does not wait for a save in progress', async () => {
    const s = await startTestServer({ dbFile: join(tempDir(), 'db.json') })
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let saving!: () => void
    const inSave = new Promise<void>((resolve) => (saving = resolve))
    patchRename(async (from, to) => {
      saving()
      await gate
      return realRename(from, to)
    })
    let written = false
    const write = newContact(s, 'held@acme.test').then((res) => ((written = true), res))
    await inSave
    const me = await s.call({ path: '/api/v1/me', headers: rw(s) })
    const list = await s.call({ path: '/api/v1/contacts', headers: rw(s) })
    expect([me.status, list.status, written]).toEqual([200, 200, false])
    release()
    expect((await write).status).toBe(201)
    await s.close()
  })

  it('M5: a save that fails answers 500, and the next write saves both', async () => {
    const file = join(tempDir(), 'db.json')
    const s = await startTestServer({ dbFile: file })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    patchRename(async () => {
      throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' })
    })
    const failed = await newContact(s, 'unsaved@acme.test')
    expect([failed.status, failed.json.title]).toEqual([500, 'Internal Server Error'])
    patchRename(realRename)
    expect((await newContact(s, 'saved@acme.test')).status).toBe(201)
    expect(contactEmails(file)).toEqual(expect.arrayContaining(['unsaved@acme.test', 'saved@acme.test']))
    await s.close()
  })
})

describe('--db paths (findings M6, L9)', () => {
  const startError = (file: string) =>
    openDbFile(file).then(
      () => 'opened',
      (error: Error) => error.message,
    )

  it('M6: a directory, /dev/null and a FIFO are refused at start-up; the device is left alone', async () => {
    const dir = tempDir()
    expect(await startError(dir)).toBe(
      `--db ${dir} is a directory: --db takes a regular JSON file, or a path where it may create one, e.g. --db ${join(dir, 'db.json')}.`,
    )
    expect(await startError('/dev/null')).toBe(
      '--db /dev/null is a character device: --db takes a regular JSON file, or a path where it may create one.',
    )
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true)
    // A FIFO would block the read at start-up; the CLI says why and exits 2 instead.
    const fifo = join(dir, 'db.fifo')
    execFileSync('mkfifo', [fifo])
    const cli = spawnSync(process.execPath, ['bin/sandbox.js', '--no-ui', '--port', '0', '--db', fifo], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect([cli.status, cli.stderr]).toEqual([
      2,
      `sandbox: --db ${fifo} is a named pipe (FIFO): --db takes a regular JSON file, or a path where it may create one.\n` +
        'Run "sandbox --help" for the options.\n',
    ])
    expect(lstatSync(fifo).isFIFO()).toBe(true)
  })

  it('M6: a symlink is written through to its target, and stays a link', async () => {
    const dir = tempDir()
    const target = join(dir, 'target.json')
    writeFileSync(target, '{}')
    symlinkSync('target.json', join(dir, 'link.json'))
    // A dangling link: the first save creates its target, not a file in the link's place.
    symlinkSync('later.json', join(dir, 'dangling.json'))
    for (const [link, real] of [
      ['link.json', target],
      ['dangling.json', join(dir, 'later.json')],
    ] as const) {
      const s = await startTestServer({ dbFile: join(dir, link) })
      expect((await newContact(s, `via-${link}@acme.test`)).status).toBe(201)
      await s.close()
      expect(lstatSync(join(dir, link)).isSymbolicLink()).toBe(true)
      expect(readlinkSync(join(dir, link))).toBe(real.slice(dir.length + 1))
      expect(contactEmails(real)).toContain(`via-${link}@acme.test`)
    }
    expect(readdirSync(dir).sort()).toEqual(['dangling.json', 'later.json', 'link.json', 'target.json'])
  })

  it("L9: the file's mode is kept across saves", async () => {
    const file = join(tempDir(), 'db.json')
    writeFileSync(file, '{}')
    chmodSync(file, 0o600)
    const s = await startTestServer({ dbFile: file })
    expect((await newContact(s, 'private@acme.test')).status).toBe(201)
    await s.close()
    expect(contactEmails(file)).toContain('private@acme.test')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })
})
