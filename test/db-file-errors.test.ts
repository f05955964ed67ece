import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDbFile } from '../mocks/db/persistence.ts'
import { createSandbox } from '../mocks/sandbox.ts'

/** Issue 5: a bad `--db` file stops start-up with a message that says what to change, never mid-request. */
const tempDb = () => join(mkdtempSync(join(tmpdir(), 'orgo-db-')), 'db.json')
const startError = (dbFile: string) =>
  openDbFile(dbFile)
    .then((store) => createSandbox({ store }))
    .then(
      () => 'started',
      (error: Error) => error.message,
    )

function parseError(text: string): string {
  try {
    JSON.parse(text)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('valid JSON')
}

const NO_ID = 'give every record a unique "id" (a number or a string).'
// A modelled record is checked against its definition's stored types (a relation is the related record's id).
const CONTACT_ISSUES = [
  'email: expected string, got 42',
  'localCenter: expected ref, got "/api/v1/local_centers/1"',
  'isNewsletterSubscribed: expected boolean, got "yes"',
]

/** Each bad file and the exact start-up error; `%f` is `--db <absolute path>`. */
const BAD_FILES: Array<[string, string, string]> = [
  [
    'malformed JSON',
    '{"posts": [',
    `%f is not valid JSON (${parseError('{"posts": [')}): fix it, or delete it to start from the seeded data.`,
  ],
  [
    'not an object',
    '[{"id": 1}]',
    '%f must hold a JSON object of collections, e.g. {"posts": [{"id": 1, "title": "Hello"}]}; it holds an array.',
  ],
  [
    'a scalar',
    '42',
    '%f must hold a JSON object of collections, e.g. {"posts": [{"id": 1, "title": "Hello"}]}; it holds a number.',
  ],
  [
    'a collection that is not an array',
    '{"profile": {"name": "x"}}',
    `%f: "profile" must be an array of records, e.g. "profile": [{"id": 1}]; it is an object (json-server's single-object resources are not served).`,
  ],
  [
    'a record that is not an object',
    '{"posts": ["x"]}',
    '%f: posts[0] must be an object with an "id"; it is a string.',
  ],
  ['a record without an id', '{"posts": [{"id": 1}, {"title": "x"}]}', `%f: posts[1] has no "id": ${NO_ID}`],
  [
    'an unusable id',
    '{"posts": [{"id": {"n": 1}}]}',
    '%f: posts[0] has "id": {"n":1}; an id is a number or a non-empty string.',
  ],
  [
    'a repeated id',
    '{"posts": [{"id": 1}, {"id": "1"}]}',
    '%f: posts[1] repeats the id "1" of posts[0] in tenant "acme": ids must be unique.',
  ],
  [
    'a tenant nobody serves',
    '{"posts": [{"id": 1, "tenant": "initech"}]}',
    '%f: posts[0] belongs to tenant "initech", which is not served: add {"id": "initech"} to "tenants", or change the record\'s "tenant" (served: acme, globex).',
  ],
  [
    'a bad tenant slug',
    '{"tenants": [{"id": "Not A Slug"}]}',
    '%f: tenants[0] has "id": "Not A Slug"; a tenant id is its slug, a DNS label such as "acme".',
  ],
  [
    'a modelled record that does not fit',
    '{"contacts": [{"id": 1, "email": 42, "isNewsletterSubscribed": "yes", "localCenter": "/api/v1/local_centers/1"}]}',
    `%f: contacts[0] (id 1) does not fit "contacts": ${CONTACT_ISSUES.join('; ')}. Fix it, or leave "contacts" out to keep the seeded ones.`,
  ],
  [
    'a modelled record with a string id',
    '{"contacts": [{"id": "c1", "email": "a@acme.test"}]}',
    '%f: contacts[0] (id "c1") does not fit "contacts": id: an integer id is required. Fix it, or leave "contacts" out to keep the seeded ones.',
  ],
  [
    'a bad collection name',
    '{"my posts": []}',
    '%f: "my posts" cannot be served as /api/v1/my posts: name collections with letters, digits, "-" and "_".',
  ],
  [
    'a collection over an endpoint',
    '{"me": []}',
    '--db collection "me" cannot be served at /api/v1/me: that is the Orgo endpoint /api/v1/me. Rename the collection.',
  ],
]

describe('--db: bad files fail at start-up with what to change', () => {
  it.each(BAD_FILES)('%s', async (_, text, expected) => {
    const file = tempDb()
    writeFileSync(file, text)
    expect(await startError(file)).toBe(expected.replace('%f', `--db ${file}`))
    // The bad file is left as it was, for the user to fix.
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  it('a sparse modelled record loads: the fields it leaves out have no data', async () => {
    const file = tempDb()
    writeFileSync(file, '{"contacts": [{"id": 1, "email": "a@acme.test"}]}')
    expect(await startError(file)).toBe('started')
  })

  it('a file in a directory that does not exist', async () => {
    const dir = join(tempDb(), '..', 'missing')
    expect(await startError(join(dir, 'db.json'))).toBe(
      `--db ${join(dir, 'db.json')}: the directory ${dir} does not exist. Create it, or point --db elsewhere.`,
    )
  })

  it('the CLI prints the message and exits 2', () => {
    const file = tempDb()
    writeFileSync(file, '[]')
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cli.ts', '--db', file, '--no-ui', '--port', '0'],
      { encoding: 'utf8', timeout: 30_000 },
    )
    expect(cli.status).toBe(2)
    expect(cli.stderr).toBe(
      `sandbox: --db ${file} must hold a JSON object of collections, e.g. {"posts": [{"id": 1, "title": "Hello"}]}; it holds an array.\n` +
        'Run "sandbox --help" for the options.\n',
    )
    expect(existsSync(file)).toBe(true)
  })
})
