/**
 * One server under test, in its own process so it has a core to itself while autocannon drives it from
 * the parent. Prints `{"port": N}` once listening.
 *   bare                  node:http answering the same JSON as the sandbox's /api/v1/me
 *   sandbox [--pad N] [--contacts N] [--db FILE]   the standalone sandbox; --pad multiplies the routes N
 *                         times, --contacts seeds the acme tenant with N contacts, --db saves to FILE as the CLI does
 */
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import { openDbFile } from '../mocks/db/persistence.ts'
import type { Route } from '../mocks/handlers/route.ts'
import { createSandbox, type Sandbox } from '../mocks/sandbox.ts'
import { startServer } from '../mocks/server.ts'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    pad: { type: 'string', default: '1' },
    contacts: { type: 'string', default: '25' },
    body: { type: 'string' },
    db: { type: 'string' },
  },
})

if (positionals[0] === 'bare') {
  const body = values.body ?? '{}'
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'Content-Type': 'application/ld+json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    })
    res.end(body)
  })
  server.listen(0, '127.0.0.1', () => {
    const address = server.address()
    process.stdout.write(
      JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }) + '\n',
    )
  })
} else {
  const sandbox = await createSandbox({
    contactsByTenant: { acme: Number(values.contacts) },
    store: values.db === undefined ? undefined : await openDbFile(values.db),
  })
  const pad = Number(values.pad)
  // Copies of every route under other prefixes: more handlers, none of which matches the measured request.
  const padding: Route[] = []
  for (let i = 1; i < pad; i++)
    for (const r of sandbox.routes) padding.push({ ...r, path: `/pad${i}${r.path}` })
  const padded = Object.assign(Object.create(Object.getPrototypeOf(sandbox)), sandbox, {
    routes: [...padding, ...sandbox.routes],
  }) as Sandbox
  const running = await startServer(padded, { port: 0 })
  process.stdout.write(JSON.stringify({ port: running.port, routes: padded.routes.length }) + '\n')
}
