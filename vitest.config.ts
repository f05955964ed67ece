import { defineConfig } from 'vitest/config'
import SummaryReporter from './test/summary-reporter.ts'

// The package's `source` export condition: the repo's tests (and examples) run orgo-sandbox/node and
// orgo-sandbox/browser from the TypeScript sources, never from a stale dist/.
const conditions = ['source']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    // test/consumer/ is a separate project that installs the packed tarball (scripts/consumer-test.sh).
    exclude: ['node_modules/**', 'examples/**/node_modules/**', 'test/consumer/**'],
    // Vitest's own reporter for progress (a file at a time on a pipe, live on a terminal: issue 27 papercut), then
    // the plain summary line CI logs are read by.
    reporters: ['default', new SummaryReporter()],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
