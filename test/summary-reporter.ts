import { stripVTControlCharacters } from 'node:util'
import type { Reporter, TestModule } from 'vitest/node'

/**
 * Ends the run with the plain line "N passed, N failed, N skipped", which any CI log reader understands
 * (vitest's own summary is coloured and split over several lines).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    // Named as well as counted: a test that fails once in many runs must say which it was.
    const names: string[] = []
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') {
          failed++
          // With its error: the default reporter printed nothing of it to a redirected CI log.
          const error = test.result().errors?.[0]
          const where = error?.stack
            ?.split('\n')
            .find((line) => line.includes('/test/') || line.includes('.test.'))
          const diff =
            error?.diff === undefined ? [] : stripVTControlCharacters(error.diff).split('\n').slice(0, 30)
          const lines = error ? [error.message, where?.trim(), ...diff] : []
          const why = lines
            .filter(Boolean)
            .map((line) => `\n  ${line}`)
            .join('')
          names.push(`${module.moduleId.replace(process.cwd() + '/', '')} > ${test.fullName}${why}`)
        } else skipped++
      }
      // A file that failed to load has no tests but is a failure all the same.
      if (module.state() === 'failed' && ![...module.children.allTests()].length) failed++
    }
    for (const name of names) process.stdout.write(`\nfailed: ${name}`)
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
