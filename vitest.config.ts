import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'examples/**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
