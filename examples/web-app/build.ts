import { build } from 'esbuild'
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export interface BuildOptions {
  /** Bundle orgo-sandbox/browser and its service worker (`npm run dev` style); false is a production build. */
  sandbox: boolean
  /** The Orgo tenant the app talks to; default the production URL `https://acme.orgo.space`. */
  issuer?: string
}

/**
 * Builds the example into `outdir`: the static files of `public/`, one ES module bundle, and (sandbox builds)
 * `mockServiceWorker.js` written by `sandbox init-worker`, as a developer would run it.
 */
export async function buildWebApp(outdir: string, options: BuildOptions = { sandbox: true }): Promise<void> {
  mkdirSync(outdir, { recursive: true })
  cpSync(here('public'), outdir, { recursive: true, filter: (src) => !src.endsWith('mockServiceWorker.js') })
  await build({
    entryPoints: [here('src/main.ts')],
    outfile: `${outdir}/main.js`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // orgo-sandbox/browser from this repository's sources (the package's `source` export condition).
    conditions: ['source'],
    target: 'es2022',
    // A production build (`sandbox: false`) drops orgo-sandbox/browser entirely.
    define: {
      ORGO_SANDBOX: String(options.sandbox),
      ORGO_ISSUER: JSON.stringify(options.issuer ?? 'https://acme.orgo.space'),
    },
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  })
  if (options.sandbox) {
    await promisify(execFile)(process.execPath, [here('../../bin/sandbox.js'), 'init-worker', outdir])
  }
}
