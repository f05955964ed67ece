import { configDefaults, defineConfig } from 'vitest/config'
import SummaryReporter from './test/summary-reporter.ts'

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'examples/**/node_modules/**'],
    reporters: [...configDefaults.reporters, new SummaryReporter()],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
