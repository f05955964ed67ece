import { defineConfig } from '@playwright/test'

// The Storybook recipe's check: the built story page (`vite build storybook`) served by `vite preview`.
const PORT = Number(process.env.STORYBOOK_PORT ?? 4790)

export default defineConfig({
  testMatch: 'storybook.spec.ts',
  workers: 1,
  use: { baseURL: `http://localhost:${PORT}`, launchOptions: { executablePath: '/usr/bin/chromium' } },
  webServer: {
    command: `npx vite preview --outDir storybook-dist --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
  },
})
