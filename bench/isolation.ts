/**
 * `npm run bench:isolation`: what per-test isolation costs (issue 17: reset under 5 ms, a fresh instance under
 * 100 ms). Each row is timed in the same run as its baseline, plain MSW doing the same job for a one-handler
 * mock, and printed as a ratio:
 * - reset: `sandbox.reset()` after a test that wrote (a login, a contact, a scenario, the clock), against
 *   `server.resetHandlers()` after a `server.use()` (plain MSW's per-test isolation);
 * - fresh instance: `createNodeSandbox()` (what orgo-sandbox/playwright builds for every test) against
 *   `setupServer(handler)`;
 * - boundary: a request in `server.boundary()` (a fresh sandbox for the boundary) against one in plain MSW's;
 * - for scale, one in-process request.
 */
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createNodeSandbox } from '../mocks/node.ts'

const RESETS = Number(process.env.BENCH_RESETS ?? 300)
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 60)
const WARMUP = 20

const ME = 'https://acme.orgo.space/api/v1/me'
const { server, sandbox } = await createNodeSandbox()
const token = () => sandbox.tokens.seeded().rw
const plain = setupServer(http.get(ME, () => HttpResponse.json({ email: 'admin@acme.test' })))

async function time(
  n: number,
  before: () => Promise<unknown> | unknown,
  run: () => Promise<unknown> | unknown,
) {
  const times: number[] = []
  for (let i = 0; i < n + WARMUP; i++) {
    await before()
    const started = performance.now()
    await run()
    if (i >= WARMUP) times.push(performance.now() - started)
  }
  return times.sort((a, b) => a - b)
}
const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

/** What a test typically leaves behind: a session, a new contact, a scenario, a moved clock. */
async function dirty(): Promise<void> {
  const json = { 'Content-Type': 'application/json', Accept: 'application/json' }
  await fetch('https://acme.orgo.space/api/v1/login-check', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username: 'member@acme.test', password: 'password' }),
  })
  await fetch('https://acme.orgo.space/api/v1/contacts', {
    method: 'POST',
    headers: { ...json, 'Api-Token': token() },
    body: JSON.stringify({ name: 'Olivia Brown', email: `olivia.${Math.random()}@example.com` }),
  })
  await sandbox.scenarios.use('server-error', { path: '/api/v1/events*' })
  sandbox.clock.advance('1h')
}

const rows: Array<[string, number[], string, number[]]> = []

server.listen()
rows.push([
  'sandbox.reset()',
  await time(RESETS, dirty, () => sandbox.reset()),
  'plain MSW resetHandlers()',
  await (async () => {
    server.close()
    plain.listen()
    const t = await time(
      RESETS,
      () => plain.use(http.get(ME, () => HttpResponse.json({}, { status: 500 }))),
      () => plain.resetHandlers(),
    )
    plain.close()
    return t
  })(),
])
rows.push([
  'createNodeSandbox()',
  await time(
    INSTANCES,
    () => undefined,
    () => createNodeSandbox(),
  ),
  'plain MSW setupServer()',
  await time(
    INSTANCES,
    () => undefined,
    () => setupServer(http.get(ME, () => HttpResponse.json({ email: 'admin@acme.test' }))),
  ),
])
server.listen()
const inBoundary = await time(
  INSTANCES,
  () => undefined,
  () => server.boundary(async () => (await fetch(ME, { headers: { 'Api-Token': token() } })).text())(),
)
server.close()
plain.listen()
const plainBoundary = await time(
  INSTANCES,
  () => undefined,
  () => plain.boundary(async () => (await fetch(ME)).text())(),
)
plain.close()
rows.push(['a request in server.boundary()', inBoundary, 'in plain MSW boundary()', plainBoundary])
// The unit a test is made of: one request, so a reset reads as "costs N requests".
server.listen()
const request = await time(
  RESETS,
  () => undefined,
  async () => (await fetch(ME, { headers: { 'Api-Token': token() } })).text(),
)
server.close()
plain.listen()
const plainRequest = await time(
  RESETS,
  () => undefined,
  async () => (await fetch(ME)).text(),
)
plain.close()
rows.push(['GET /api/v1/me (for scale)', request, 'plain MSW, one handler', plainRequest])

const ms = (x: number) => `${x.toFixed(2)} ms`.padStart(10)
console.log(
  `per-test isolation: ${RESETS} resets, ${INSTANCES} instances and boundaries (after ${WARMUP} warm-up)`,
)
console.log(`${'operation'.padEnd(32)}       p50        p95  ${'baseline'.padEnd(28)}       p50   ratio p50`)
for (const [name, times, baseName, base] of rows)
  console.log(
    `${name.padEnd(32)}${ms(at(times, 0.5))} ${ms(at(times, 0.95))}  ${baseName.padEnd(28)}${ms(at(base, 0.5))} ${(at(times, 0.5) / at(base, 0.5)).toFixed(1).padStart(8)}x`,
  )
console.log(`a reset costs ${(at(rows[0]![1], 0.5) / at(request, 0.5)).toFixed(1)} in-process requests (p50)`)
