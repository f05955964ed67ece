/**
 * `npm run bench:schema`: the schema engine (issue 23), measured beside the hand-written contacts in one run.
 *   1. First touch: the first `GET` of each resource's collection in a fresh sandbox (seeding it, and whatever it
 *      relates to), over real HTTP; the first of the process also loads the spec. Median, p90 and max.
 *   2. A page of 30: CPU per request (client and server in this process, so compare ratios) of newsletters beside
 *      contacts, at 25 records and at 100,000 (`order[]` and an exact filter too).
 * Prints figures and ratios; never fails on a timing.
 */
import { resources } from '../mocks/spec/index.ts'
import { schemaTable } from '../mocks/schema/store.ts'
import type { StoredRecord } from '../mocks/schema/types.ts'
import { startTestServer, type TestServer } from '../test/helpers.ts'

const ROUNDS = Number(process.env.BENCH_REQUESTS ?? 400)

async function firstTouches(): Promise<void> {
  const s = await startTestServer()
  const headers = { 'Api-Token': s.tokens('acme').rw }
  const times: Array<[string, number]> = []
  for (const spec of resources()) {
    if (!spec.methods.list || !spec.collectionPath || spec.collectionPath.includes(':')) continue
    const started = performance.now()
    const res = await s.call({ path: `${spec.collectionPath}?itemsPerPage=30`, headers })
    if (res.headers['x-sandbox-emulation'] !== 'schema') continue
    times.push([spec.name, performance.now() - started])
  }
  await s.close()
  const [first, ...rest] = times
  const sorted = rest.map(([, ms]) => ms).sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  const slowest = rest.reduce((a, b) => (b[1] > a[1] ? b : a))
  console.log(`first touch of ${times.length} collections (GET page of 30, seeding included)`)
  console.log(`  the first of the process (${first![0]}, loads the spec): ${first![1].toFixed(1)} ms`)
  console.log(
    `  the others: median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${slowest[1].toFixed(1)} ms (${slowest[0]})`,
  )
}

async function cpuPerRequest(s: TestServer, path: string): Promise<number> {
  const headers = { 'Api-Token': s.tokens('acme').rw, Accept: 'application/json' }
  for (let i = 0; i < 50; i++) await s.call({ path, headers })
  const before = process.cpuUsage()
  for (let i = 0; i < ROUNDS; i++) await s.call({ path, headers })
  const used = process.cpuUsage(before)
  return (used.user + used.system) / ROUNDS / 1000
}

async function pages(records: number): Promise<Record<string, number>> {
  const s = await startTestServer({ contactsByTenant: { acme: records } })
  const t = s.sandbox.tenant('acme')!
  const table = schemaTable(
    s.sandbox,
    t,
    resources().find((r) => r.name === 'newsletters')!,
  )
  const template = table.all()[0]!
  for (let i = table.count(); i < records; i++) {
    const id = s.sandbox.db.ids.next('newsletters')
    table.insertNow({ ...template, id, uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}` })
  }
  const owner = (template as StoredRecord).owner
  const out = {
    'contacts page': await cpuPerRequest(s, '/api/v1/contacts?itemsPerPage=30'),
    'newsletters page': await cpuPerRequest(s, '/api/v1/newsletters?itemsPerPage=30'),
    'newsletters order[name]': await cpuPerRequest(s, '/api/v1/newsletters?itemsPerPage=30&order[name]=asc'),
    'newsletters owner=': await cpuPerRequest(
      s,
      `/api/v1/newsletters?itemsPerPage=30&owner=${String(owner)}`,
    ),
  }
  await s.close()
  return out
}

await firstTouches()
const small = await pages(25)
const large = await pages(100_000)
console.log('\nCPU per request        25 records   100,000 records   ratio   vs contacts (25)')
for (const name of Object.keys(small)) {
  const ratio = large[name]! / small[name]!
  const vsContacts = small[name]! / small['contacts page']!
  console.log(
    `${name.padEnd(24)} ${small[name]!.toFixed(3).padStart(7)} ms   ${large[name]!.toFixed(3).padStart(10)} ms   ${ratio.toFixed(2)}x   ${vsContacts.toFixed(2)}x`,
  )
}
