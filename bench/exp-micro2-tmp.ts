const entry = { id: 'f28a90-000005', time: '2026-11-28T11:55:43.421Z', tenant: 'acme', method: 'GET', path: '/api/v1/me', status: 200, authMethod: 'api-token', principal: 'admin@acme.test (token #1)', durationMs: 0.398, reason: null, scenarios: [] }
for (let round = 0; round < 3; round++) {
const N = 200_000
let t = performance.now()
let x = 0
for (let i = 0; i < N; i++) x += JSON.stringify(entry).length
console.log('stringify µs', ((performance.now() - t) * 1000 / N).toFixed(2))
t = performance.now()
let pending = ''
for (let i = 0; i < N; i++) { pending += `event: request\ndata: ${JSON.stringify(entry)}\n\n`; if (i % 200 === 0) { x += pending.length; pending = '' } }
console.log('stringify+concat µs', ((performance.now() - t) * 1000 / N).toFixed(2))
}
