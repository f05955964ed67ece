/**
 * `npm run bench:in-process`: `fetch('https://acme.orgo.space/api/v1/me')` answered in process by
 * `orgo-sandbox/node` against a plain one-handler MSW `setupServer` answering the same JSON, interleaved rounds;
 * p50 and p99 per request, as ratios (issue 13: within 1.3x).
 */
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createNodeSandbox } from '../mocks/node.ts'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

const { server: sandboxServer, sandbox } = await createNodeSandbox()
const token = sandbox.state().apiTokens[0]!.token
const headers = { 'Api-Token': token, Accept: 'application/json' }
const body = await (async () => {
  sandboxServer.listen()
  const res = await fetch('https://acme.orgo.space/api/v1/me', { headers })
  sandboxServer.close()
  return res.json()
})()
const plain = setupServer(http.get('https://acme.orgo.space/api/v1/me', () => HttpResponse.json(body)))

async function measure(server: { listen(): void; close(): void }): Promise<number[]> {
  server.listen()
  const times: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now()
    await (await fetch('https://acme.orgo.space/api/v1/me', { headers })).text()
    times.push(performance.now() - started)
  }
  server.close()
  return times.sort((a, b) => a - b)
}

const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
const rows: Record<string, { p50: number[]; p99: number[] }> = {
  plain: { p50: [], p99: [] },
  sandbox: { p50: [], p99: [] },
}
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, server] of [
    ['plain', plain],
    ['sandbox', sandboxServer],
  ] as const) {
    const sorted = await measure(server)
    rows[name]!.p50.push(at(sorted, 0.5))
    rows[name]!.p99.push(at(sorted, 0.99))
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
console.log(`in process, ${REQUESTS} requests x ${ROUNDS} interleaved rounds, median of rounds`)
console.log('server                       p50 ms    p99 ms')
for (const [name, r] of Object.entries(rows))
  console.log(
    `${(name === 'plain' ? 'plain MSW, one handler' : 'orgo-sandbox/node').padEnd(26)} ${median(r.p50).toFixed(3).padStart(8)} ${median(r.p99).toFixed(3).padStart(9)}`,
  )
console.log(
  `ratio: p50 ${(median(rows.sandbox!.p50) / median(rows.plain!.p50)).toFixed(2)}x, p99 ${(median(rows.sandbox!.p99) / median(rows.plain!.p99)).toFixed(2)}x`,
)
