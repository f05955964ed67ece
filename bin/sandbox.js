#!/usr/bin/env node
// `sandbox` / `orgo-sandbox`. Installed from the package, it runs the built JavaScript in dist/; inside this
// repository (where cli.ts is), it runs the TypeScript sources through tsx, so no build step is needed there.
import { existsSync } from 'node:fs'
import { URL } from 'node:url'

const source = new URL('../cli.ts', import.meta.url)
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api')
  register()
  await import(source.href)
} else {
  // The esbuild bundle of the CLI (docs/decisions/011): a start reads a few files, not a hundred modules.
  await import('../dist/bin/cli.js')
}
