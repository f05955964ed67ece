import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { startTestServer } from './helpers.ts'

/** Issue 5: a save killed half-way leaves the previous file intact (temporary file, fsync, rename). */
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'crash-mid-save.ts')
const emails = (json: { contacts: Array<{ email: string }> }) => json.contacts.map((c) => c.email)

describe('--db: a crash mid-save', () => {
  it.each(['write', 'rename'] as const)(
    'killed during the %s: the previous file stays, the next start ignores the leftover',
    async (stage) => {
      const file = join(mkdtempSync(join(tmpdir(), 'orgo-db-')), 'db.json')
      const first = await startTestServer({ dbFile: file })
      await first.call({
        method: 'POST',
        path: '/api/v1/contacts',
        headers: { 'Api-Token': first.tokens('acme').rw },
        body: { email: 'before@acme.test', firstName: 'Before', lastName: 'Crash' },
      })
      await first.close()
      const previous = readFileSync(file, 'utf8')

      const child = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE, file, stage], {
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect([child.signal, child.stdout]).toEqual(['SIGKILL', ''])

      // The db file is byte for byte the previous one; the save got only as far as its temporary file.
      expect(readFileSync(file, 'utf8')).toBe(previous)
      // The JWT signing key beside the file is written once, at the first start (findings-3 N10).
      const leftovers = readdirSync(dirname(file)).filter((name) => !name.startsWith('db.json'))
      expect(leftovers).toEqual([expect.stringMatching(/^\.db\.json\.\d+\.[0-9a-f]{8}\.tmp$/)])
      const temp = readFileSync(join(dirname(file), leftovers[0]!), 'utf8')
      if (stage === 'rename') expect(emails(JSON.parse(temp))).toContain('crash@acme.test')
      else expect(() => JSON.parse(temp)).toThrow()

      const next = await startTestServer({ dbFile: file })
      const contacts = next.sandbox
        .tenant('acme')!
        .contacts.all()
        .map((c) => c.email)
      expect(contacts).toContain('before@acme.test')
      expect(contacts).not.toContain('crash@acme.test')
      await next.close()
      // The dead process's temporary file is cleaned up; only the db remains (beside its JWT signing key, made
      // just after a start or on the first JWT, so present or not depending on timing).
      const left = readdirSync(dirname(file)).filter((name) => name !== 'db.json.signing-key.json')
      expect(left).toEqual(['db.json'])
    },
  )
})
