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
          names.push(`${module.moduleId.replace(process.cwd() + '/', '')} > ${test.fullName}`)
        } else skipped++
      }
      // A file that failed to load has no tests but is a failure all the same.
      if (module.state() === 'failed' && ![...module.children.allTests()].length) failed++
    }
    for (const name of names) process.stdout.write(`\nfailed: ${name}`)
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
