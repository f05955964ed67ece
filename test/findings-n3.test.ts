import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startCli, type CliProcess } from './cli-process.ts'
import { rawCall } from './helpers.ts'

/** Issue 22 item 3 (findings-3 N3): with --db, a state scenario's effect never reaches the file. */
const running = new Set<CliProcess>()
afterEach(() => {
  for (const cli of running) cli.stop()
  running.clear()
})

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'orgo-n3-')), 'db.json')

async function start(file: string, ...args: string[]) {
  const cli = await startCli(['--db', file, ...args])
  running.add(cli)
  const state = (await rawCall(cli.port, { path: '/__sandbox/state' })).json
  const token = state.apiTokens.find(
    (t: { tenant: string; isReadOnly: boolean }) => t.tenant === 'acme' && !t.isReadOnly,
  )
  const headers = { 'Api-Token': token.token as string }
  return {
    cli,
    on: (name: string, body?: object) =>
      rawCall(cli.port, { method: 'POST', path: `/__sandbox/scenarios/${name}`, body }),
    off: (name: string) => rawCall(cli.port, { method: 'DELETE', path: `/__sandbox/scenarios/${name}` }),
    create: (email: string) =>
      rawCall(cli.port, {
        method: 'POST',
        path: '/api/v1/contacts',
        headers,
        body: { name: 'Kept Write', email },
      }),
    emails: async (): Promise<string[]> =>
      (await rawCall(cli.port, { path: '/api/v1/contacts?pagination=false', headers })).json[
        'hydra:member'
      ].map((c: { email: string }) => c.email),
  }
}

/** Stops the process with `signal` and waits for it to be gone. */
async function stop(cli: CliProcess, signal: NodeJS.Signals) {
  const exited = new Promise((resolve) => cli.child.once('exit', resolve))
  cli.child.kill(signal)
  await exited
  running.delete(cli)
}

const acmeEmailsInFile = (file: string): string[] =>
  JSON.parse(readFileSync(file, 'utf8'))
    .contacts.filter((c: { tenant: string }) => c.tenant === 'acme')
    .map((c: { email: string }) => c.email)

describe('N3: scenarios never reach the --db file', () => {
  it('N3: empty-tenant on, then SIGTERM: the restart has every contact back, and the one created meanwhile', async () => {
    const file = tempDb()
    const first = await start(file)
    expect((await first.create('before@acme.test')).status).toBe(201)
    const seeded = await first.emails()
    expect(seeded).toContain('before@acme.test')

    expect((await first.on('empty-tenant', { tenant: 'acme' })).status).toBe(201)
    expect(await first.emails()).toEqual([])
    // The file keeps what the scenario hides, all along.
    expect(acmeEmailsInFile(file)).toEqual(seeded)
    expect((await first.create('during@acme.test')).status).toBe(201)
    expect(acmeEmailsInFile(file)).toEqual([...seeded, 'during@acme.test'])
    await stop(first.cli, 'SIGTERM')

    const second = await start(file)
    expect(await second.emails()).toEqual([...seeded, 'during@acme.test'])
  }, 60_000)

  it('N3: switching empty-tenant off brings the contacts back and keeps the one created while it was on', async () => {
    const file = tempDb()
    const cli = await start(file)
    const seeded = await cli.emails()
    expect((await cli.on('empty-tenant')).status).toBe(201)
    expect((await cli.create('during@acme.test')).status).toBe(201)
    expect((await cli.off('empty-tenant')).status).toBe(204)
    expect(await cli.emails()).toEqual([...seeded, 'during@acme.test'])
    expect(acmeEmailsInFile(file)).toEqual([...seeded, 'during@acme.test'])
  }, 60_000)

  it('N3: started with --scenario empty-tenant, a write elsewhere never saves the wipe', async () => {
    const file = tempDb()
    const first = await start(file)
    const seeded = await first.emails()
    await stop(first.cli, 'SIGTERM')

    const wiped = await start(file, '--scenario', 'empty-tenant')
    expect(await wiped.emails()).toEqual([])
    expect((await wiped.create('during@acme.test')).status).toBe(201)
    await stop(wiped.cli, 'SIGTERM')
    expect(acmeEmailsInFile(file)).toEqual([...seeded, 'during@acme.test'])
  }, 60_000)

  it('N3: SIGKILL while large-tenant is on leaves no bulk record in the file, and keeps an acknowledged write', async () => {
    const file = tempDb()
    const first = await start(file)
    const seeded = await first.emails()
    expect((await first.on('large-tenant', { tenant: 'acme', options: { contacts: 20_000 } })).status).toBe(
      201,
    )
    expect((await first.create('during@acme.test')).status).toBe(201)
    await stop(first.cli, 'SIGKILL')

    expect(acmeEmailsInFile(file)).toEqual([...seeded, 'during@acme.test'])
    const second = await start(file)
    const emails = await second.emails()
    expect(emails.filter((email) => email.startsWith('bulk.'))).toEqual([])
    expect(emails).toEqual([...seeded, 'during@acme.test'])
  }, 60_000)
})
