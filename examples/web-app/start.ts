import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildWebApp } from './build.ts'
import { serveStatic } from './static-server.ts'

// `npx tsx examples/web-app/start.ts [port]`: builds the sandbox build and serves it; no API server runs.
const outdir = mkdtempSync(join(tmpdir(), 'orgo-web-app-'))
await buildWebApp(outdir)
const site = await serveStatic(outdir, Number(process.argv[2] ?? 5173))
process.stdout.write(
  `Example app on ${site.url} (built into ${outdir}); the Orgo API runs inside the page.\n`,
)
