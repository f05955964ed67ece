/**
 * `npm run bench:collections`: CPU per request (client and server in this process, so compare ratios) of
 * `GET /api/v1/contacts` page 1, an exact `email=` filter and `order[name]`, at 25 and at 100,000 contacts.
 * Issue 13: cost must not grow with the number of records (target within 1.3x).
 */
import { startTestServer } from '../test/helpers.ts'

const ROUNDS = Number(process.env.BENCH_REQUESTS ?? 500)

async function run(contacts: number): Promise<Record<string, number>> {
  const s = await startTestServer({ contactsByTenant: { acme: contacts } })
  const headers = { 'Api-Token': s.tokens('acme').rw, Accept: 'application/json' }
  const email = s.sandbox.tenant('acme')!.contacts.all()[5]!.email!
  const out: Record<string, number> = {}
  const queries = [
    ['page 1', '/api/v1/contacts?page=1'],
    ['email=', `/api/v1/contacts?email=${email}`],
    ['order[name]', '/api/v1/contacts?order[name]=asc'],
  ] as const
  for (const [name, path] of queries) {
    for (let i = 0; i < 50; i++) await s.call({ path, headers })
    const before = process.cpuUsage()
    for (let i = 0; i < ROUNDS; i++) await s.call({ path, headers })
    const used = process.cpuUsage(before)
    out[name] = (used.user + used.system) / ROUNDS / 1000
  }
  await s.close()
  return out
}

const small = await run(25)
const large = await run(100_000)
console.log('query          25 contacts   100,000 contacts   ratio')
for (const name of Object.keys(small)) {
  const ratio = large[name]! / small[name]!
  console.log(
    `${name.padEnd(14)} ${small[name]!.toFixed(3).padStart(8)} ms   ${large[name]!.toFixed(3).padStart(12)} ms   ${ratio.toFixed(2)}x`,
  )
}
