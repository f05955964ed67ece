import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { createServer } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createSandbox, type Sandbox } from '../mocks/sandbox.ts'
import { startServer, type RunningServer } from '../mocks/server.ts'
import { rawCall } from './helpers.ts'

// Issue 16, every tenant from any client: each tenant on its own port (--tenant-ports), and a preload that makes
// Node resolve *.localhost (node --import orgo-sandbox/localhost-dns). Tenancy still comes from the Host alone.

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

let sandbox: Sandbox
let server: RunningServer
let ports: { acme: number; globex: number }
beforeAll(async () => {
  ports = { acme: await freePort(), globex: await freePort() }
  sandbox = await createSandbox({ tenantPorts: { [ports.acme]: 'acme', [ports.globex]: 'globex' } })
  server = await startServer(sandbox, { port: 0, tenantPorts: [ports.acme, ports.globex] })
})
afterAll(async () => {
  await server.close()
  await sandbox.close()
})

it('each tenant answers on its own loopback port', async () => {
  const token = sandbox.tenant('globex')!.apiTokens.all()[0]!.token
  const me = await rawCall(ports.globex, {
    path: '/api/v1/me',
    host: `127.0.0.1:${ports.globex}`,
    headers: { 'Api-Token': token, Accept: 'application/json' },
  })
  expect([me.status, me.json.tenant.slug]).toEqual([200, 'globex'])
  // The same token on acme's port is another tenant's credential: 401, as on orgo.space.
  const other = await rawCall(ports.acme, {
    path: '/api/v1/me',
    host: `127.0.0.1:${ports.acme}`,
    headers: { 'Api-Token': token },
  })
  expect(other.status).toBe(401)
  // A tenant host still names its tenant, whichever port it came in on.
  const byName = await rawCall(ports.acme, {
    path: '/api/v1/me',
    host: `globex.localhost:${ports.acme}`,
    headers: { 'Api-Token': token },
  })
  expect(byName.status).toBe(200)
})

it('node --import localhost-dns: fetch reaches globex.localhost', async () => {
  const script = `const r = await fetch('http://globex.localhost:${server.port}/api/v1/tenant-host/globex'); console.log(r.status, (await r.json()).slug)`
  // Async: the server answering it lives in this process.
  const { stdout: out } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--import', './mocks/localhost-dns.ts', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  )
  expect(out.trim()).toBe('200 globex')
})
