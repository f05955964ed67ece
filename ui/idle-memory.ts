import { performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'

/**
 * Keeps the dashboard's process smaller while the sandbox is idle (issue 13). The dashboard redraws once a second,
 * and V8 answers the allocation by growing the young generation to its 16 MB maximum (two semi-spaces, 32 MB
 * resident), which it does not shrink while allocation goes on. The maximum is fixed when the heap is set up,
 * but the growth factor is read at each growth (V8 src/heap/new-spaces.cc, SemiSpaceNewSpace::Grow), so it is
 * held at 1 from here: idle RSS 100-116 MB instead of 135-152 (six dashboards side by side, 20-45 s after start).
 * Once the server is busy (a quarter of the event loop's time in a second; the idle dashboard uses 2-3%) the
 * growth is let go for good, back to V8's default factor of 2: a 1 MB young generation cost `/api/v1/me` under
 * load about 7% of its req/s. Tried and dropped, each for costing the API 20-25% of its req/s after idling:
 * `--optimize-for-size` (code compiled under it stays as it was) and a full collection each time the idle heap
 * grew 4 MB (93-97 MB idle, but the server started cold after every idle spell).
 */
export function holdMemoryWhileIdle(checkEveryMs = 1000): () => void {
  setFlagsFromString('--semi-space-growth-factor=1')
  // Measured from the first check on: the dashboard's own start (Ink, the first frame) is busy, not the server.
  let since: ReturnType<typeof performance.eventLoopUtilization> | undefined
  const release = () => {
    clearInterval(timer)
    setFlagsFromString('--semi-space-growth-factor=2')
  }
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization()
    if (since && performance.eventLoopUtilization(now, since).utilization > 0.25) release()
    since = now
  }, checkEveryMs)
  timer.unref()
  return release
}

/** The dashboard runs on a terminal unless `--no-ui` is given (SPEC 11). */
export function dashboardWanted(noUi = process.argv.includes('--no-ui')): boolean {
  return process.stdout.isTTY === true && !noUi
}

// On import, so that it comes before the sandbox's other modules load and seed the tenants (cli.ts imports this
// first): held from the CLI's body, after seeding, the young generation had already grown.
if (dashboardWanted()) holdMemoryWhileIdle()
