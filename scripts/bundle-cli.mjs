// After `tsc`: the CLI as one esbuild bundle (code-split, so the dashboard, the demo and --db load only when
// used), with its packages inside, so a start reads a handful of files instead of a hundred modules
// (docs/decisions/011). The library entry points (orgo-sandbox/node, /browser) stay tsc's unbundled modules.
import { build } from 'esbuild'

await build({
  entryPoints: ['dist/cli.js'],
  outdir: 'dist/bin',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ink loads react-devtools-core only when DEV is set; it is no dependency of ours.
  external: ['react-devtools-core'],
  // Bundled CommonJS packages call require(): give the ES module bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
})
