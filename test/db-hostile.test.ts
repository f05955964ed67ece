import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDbFile } from '../mocks/db/persistence.ts'
import { createSandbox } from '../mocks/sandbox.ts'
import { startTestServer } from './helpers.ts'

/** Issue 12: a hostile db.json gets a start-up message that says what to change, or unique ids; never a crash. */
const tempDb = () => join(mkdtempSync(join(tmpdir(), 'orgo-hostile-')), 'db.json')
const startError = async (text: string) => {
  const file = tempDb()
  writeFileSync(file, text)
  const outcome = await openDbFile(file)
    .then((store) => createSandbox({ store }))
    .then(
      async (sandbox) => (await sandbox.close(), 'started'),
      (error: Error) => error.message.replace(`--db ${file}`, '%f'),
    )
  // A refused file is left as it was, for the user to fix.
  expect(readFileSync(file, 'utf8')).toBe(text)
  return outcome
}

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`
const tooDeep = (line: number, column: number) =>
  `%f nests a value deeper than 512 levels inside a record (line ${line}, column ${column}): the sandbox accepts 512, as Symfony's JSON decoder does. Flatten that value, or delete the file to start from the seeded data.`

describe('hostile db.json content (findings L10, L11, H4)', () => {
  it.each([
    [
      'a float id (1e308)',
      '{"contacts": [{"id": 1e308, "email": "a@acme.test"}]}',
      '%f: contacts[0] has "id": 1e+308; a numeric id is a whole number of at most 9007199254740991 (2^53 - 1).',
    ],
    [
      'an id past 2^53 in a json-server collection',
      '{"posts": [{"id": 9007199254740993}]}',
      '%f: posts[0] has "id": 9007199254740992; a numeric id is a whole number of at most 9007199254740991 (2^53 - 1).',
    ],
    [
      'a modelled id with no room after it',
      '{"contacts": [{"id": 9007199254740991, "email": "a@acme.test"}]}',
      '%f: contacts[0] has "id": 9007199254740991; integer ids go up to 4503599627370496 (2^52), so that the ids handed out after them stay below 2^53, where numbers stop being exact.',
    ],
    [
      'a sequence at the last safe integer',
      '{"id_sequences": [{"id": "contact", "next": 9007199254740991}]}',
      '%f: id_sequences[0] needs "next": the next id to hand out, an integer from 1 to 4503599627370497 (2^52 + 1).',
    ],
  ])('L10: %s is refused at start-up', async (_, text, message) => {
    expect(await startError(text)).toBe(message)
  })

  it('L10: a file at the largest allowed id still hands out unique ids', async () => {
    const file = tempDb()
    writeFileSync(file, JSON.stringify({ contacts: [{ id: 2 ** 52, email: 'last@acme.test' }] }))
    const s = await startTestServer({ dbFile: file })
    const headers = { 'Api-Token': s.tokens('acme').rw, Accept: 'application/json' }
    const ids: number[] = []
    for (let i = 0; i < 3; i++) {
      const res = await s.call({
        method: 'POST',
        path: '/api/v1/contacts',
        headers,
        body: { name: 'Next One', email: `next${i}@acme.test` },
      })
      expect(res.status).toBe(201)
      ids.push(res.json.id)
    }
    expect(ids).toEqual([2 ** 52 + 1, 2 ** 52 + 2, 2 ** 52 + 3])
    for (const [i, id] of ids.entries()) {
      const read = await s.call({ path: `/api/v1/contacts/${id}`, headers })
      expect([read.status, read.json.email]).toEqual([200, `next${i}@acme.test`])
    }
    await s.close()
  })

  it.each(['constructor', 'toString', 'prototype', 'hasOwnProperty'])(
    'L10: a collection named %s gets a clear message, not an internal one',
    async (name) => {
      expect(await startError(`{"${name}": [{"id": 1}]}`)).toBe(
        `%f: "${name}" cannot be a collection name: JavaScript objects have a built-in "${name}", which the data layer would find instead of the collection. Rename it.`,
      )
    },
  )

  it('L10: a collection named __proto__ is refused by the name rule', async () => {
    expect(await startError('{"__proto__": [{"id": 1}]}')).toBe(
      '%f: "__proto__" cannot be served as /api/v1/__proto__: name collections with letters, digits, "-" and "_".',
    )
  })

  it.each(['users', 'contacts'])(
    'L10: two %s whose emails differ only in case are refused at start-up',
    async (key) => {
      const text = JSON.stringify({
        [key]: [
          { id: 1, email: 'same@acme.test' },
          { id: 2, email: 'other@acme.test', tenant: 'globex' },
          { id: 3, email: 'Same@ACME.test' },
        ],
      })
      expect(await startError(text)).toBe(
        `%f: ${key}[2] (id 3) has the email "Same@ACME.test" of id 1 in tenant "acme": email is unique in a tenant, ignoring case.`,
      )
    },
  )

  it('H4: JSON nested deeper than 512 levels is refused at parse time, with the file named', async () => {
    // 512 levels inside the record (the record is level 1) is what a request may send: it loads.
    expect(await startError(`{"posts": [{"id": 1, "x": ${nested(511)}}]}`)).toBe('started')
    expect(await startError(`{"posts": [{"id": 1, "x": ${nested(512)}}]}`)).toBe(tooDeep(1, 538))
    // The check is a scan, not recursion: 200,000 levels get the same message, not a stack overflow.
    expect(await startError(`{\n"posts": [{"id": 1, "x": ${nested(200_000)}}]}`)).toBe(tooDeep(2, 537))
    // Brackets inside strings are text.
    expect(await startError(`{"posts": [{"id": 1, "x": "${'['.repeat(2000)}\\"{"}]}`)).toBe('started')
  })

  it('H4: the CLI prints the depth error and exits 2', () => {
    const file = tempDb()
    writeFileSync(file, `{"posts": [{"id": 1, "data": ${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}]}`)
    const cli = spawnSync(process.execPath, ['bin/sandbox.js', '--no-ui', '--port', '0', '--db', file], {
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect([cli.status, cli.stderr]).toEqual([
      2,
      `sandbox: ${tooDeep(1, 2585).replace('%f', `--db ${file}`)}\nRun "sandbox --help" for the options.\n`,
    ])
  })

  it('L11: ids given to records POSTed without one never collide (the next integer, as Orgo gives)', async () => {
    const file = tempDb()
    writeFileSync(file, JSON.stringify({ posts: [{ id: 1, title: 'Seeded' }] }))
    const s = await startTestServer({ dbFile: file })
    const headers = { 'Api-Token': s.tokens('acme').rw, Accept: 'application/json' }
    const ids: number[] = []
    // 1,000 at once, 50 in flight: json-server's 4 random hex digits would have had about seven pairs collide.
    for (let batch = 0; batch < 20; batch++) {
      const created = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          s.call({ method: 'POST', path: '/api/v1/posts', headers, body: { title: `p${batch}-${i}` } }),
        ),
      )
      for (const res of created) {
        expect(res.status).toBe(201)
        ids.push(res.json.id)
      }
    }
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2))
    const listed = await s.call({
      path: '/api/v1/posts?itemsPerPage=1',
      headers: { 'Api-Token': headers['Api-Token'] },
    })
    expect(listed.json['hydra:totalItems']).toBe(1001)
    await s.close()
  })
})
