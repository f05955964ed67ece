import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildWebApp } from './build.ts'
import { serveStatic } from './static-server.ts'

/**
 * `npx tsx examples/web-app/start.ts [--mode worker|production|server] [--port 5173] [--issuer URL]`, three builds:
 * - `worker` (default): orgo-sandbox/browser in the page, no API server; "Log in with Orgo" needs navigations,
 *   which a service worker never sees, so it is off;
 * - `production`: talks to https://acme.orgo.space; what the Playwright tests open (orgo-sandbox/playwright
 *   answers Orgo in the test process);
 * - `server`: talks to the standalone sandbox on http://acme.localhost:4010 (`npx orgo-sandbox`, README).
 */
const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'worker' },
    port: { type: 'string', default: '5173' },
    // `server` mode against a sandbox on another port: `--issuer http://acme.localhost:4777`.
    issuer: { type: 'string' },
  },
})
const ISSUERS: Record<string, string> = {
  worker: 'https://acme.orgo.space',
  production: 'https://acme.orgo.space',
  server: 'http://acme.localhost:4010',
}
const issuer = values.issuer ?? ISSUERS[values.mode]
if (!ISSUERS[values.mode] || !issuer)
  throw new Error(`--mode is worker, production or server; got "${values.mode}".`)
const outdir = mkdtempSync(join(tmpdir(), 'orgo-web-app-'))
await buildWebApp(outdir, { sandbox: values.mode === 'worker', issuer })
const site = await serveStatic(outdir, Number(values.port))
process.stdout.write(
  `Example app (${values.mode}) on ${site.url}, talking to ${issuer}; built into ${outdir}.\n`,
)
