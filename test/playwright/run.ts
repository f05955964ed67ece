import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface PlaywrightTestResult {
  /** `file › title`, as Playwright's line reporter prints it. */
  title: string
  status: string
  durationMs: number
  error?: string
}

interface JsonSuite {
  title: string
  specs?: Array<{
    title: string
    tests: Array<{ results: Array<{ status: string; duration: number; error?: { message?: string } }> }>
  }>
  suites?: JsonSuite[]
}

function flatten(suite: JsonSuite, file: string, out: PlaywrightTestResult[]): void {
  for (const spec of suite.specs ?? [])
    for (const test of spec.tests) {
      const last = test.results.at(-1)
      out.push({
        title: `${file} › ${spec.title}`,
        status: last?.status ?? 'not run',
        durationMs: last?.duration ?? 0,
        error: last?.error?.message,
      })
    }
  for (const child of suite.suites ?? []) flatten(child, file, out)
}

/** A free loopback port, for a webServer of this run only (others may be testing on this machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * Runs `npx playwright test -c <config>` as a developer would, so `npm test` (Vitest) stays the one command,
 * and answers every test's outcome from Playwright's JSON report. `--conditions=source` makes the package's
 * self-reference (`orgo-sandbox/playwright`) load the TypeScript sources, as vitest.config.ts does.
 */
export async function runPlaywright(
  config: string,
  env: Record<string, string> = {},
): Promise<{ results: PlaywrightTestResult[]; output: string; exitCode: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'orgo-playwright-'))
  const report = join(dir, 'report.json')
  try {
    const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve) => {
      execFile(
        'npx',
        ['playwright', 'test', '-c', config, '--reporter=json', `--output=${join(dir, 'results')}`],
        {
          env: {
            ...process.env,
            ...env,
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --conditions=source`.trim(),
            PLAYWRIGHT_JSON_OUTPUT_NAME: report,
            // Never download a browser: the configs name Debian's Chromium.
            PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
          },
          maxBuffer: 64 * 1024 * 1024,
          timeout: 300_000,
        },
        (error, stdout, stderr) =>
          resolve({
            exitCode: error ? ((error.code as number | undefined) ?? 1) : 0,
            output: stdout + stderr,
          }),
      )
    })
    let parsed: { suites: JsonSuite[] }
    try {
      parsed = JSON.parse(readFileSync(report, 'utf8')) as { suites: JsonSuite[] }
    } catch {
      throw new Error(`playwright test wrote no report (exit ${exitCode}):\n${output}`)
    }
    const results: PlaywrightTestResult[] = []
    for (const suite of parsed.suites) flatten(suite, suite.title, results)
    return { results, output, exitCode }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * What a suite's run must show: every test passed, exactly the `titles` ran (`file › ` prefixes stripped), and
 * Playwright exited 0. Each test's time is printed, for the closing figures.
 */
export function expectAllPassed(
  run: Awaited<ReturnType<typeof runPlaywright>>,
  titles: string[],
  expect: (value: unknown, message?: string) => { toEqual(expected: unknown): void },
): void {
  for (const r of run.results)
    console.log(`${r.status.padEnd(7)} ${String(r.durationMs).padStart(5)} ms  ${r.title}`)
  expect(
    run.results.filter((r) => r.status !== 'passed'),
    run.output,
  ).toEqual([])
  expect(run.results.map((r) => r.title.replace(/^[\w.-]+\.spec\.ts › /, '')).sort()).toEqual(
    [...titles].sort(),
  )
  expect(run.exitCode).toEqual(0)
}
