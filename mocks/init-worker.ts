import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'

export const WORKER_SCRIPT = 'mockServiceWorker.js'

/**
 * `npx sandbox init-worker <publicDir>`: writes MSW's worker script where the site serves its root, copied from
 * the msw this package runs, so worker and library versions always match (npm 11 blocks msw's own install script).
 * Returns the path written.
 */
export function initWorker(publicDir: string): string {
  const source = createRequire(import.meta.url).resolve(`msw/${WORKER_SCRIPT}`)
  const dir = resolve(publicDir)
  mkdirSync(dir, { recursive: true })
  const target = join(dir, WORKER_SCRIPT)
  copyFileSync(source, target)
  return target
}

const USAGE = `Usage: sandbox init-worker <publicDir>

Writes ${WORKER_SCRIPT} into the directory your site serves at its root (public/, static/, ...),
for orgo-sandbox/browser's setupWorker. Run it again after upgrading orgo-sandbox.
`

/** The `init-worker` subcommand; cli.ts wires it, this returns the exit code. */
export function initWorkerCommand(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): number {
  if (args.includes('--help') || args.includes('-h')) {
    out.write(USAGE)
    return 0
  }
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    err.write(
      `sandbox init-worker: give exactly one public directory, e.g. "sandbox init-worker public".\n\n${USAGE}`,
    )
    return 2
  }
  try {
    out.write(`Wrote ${initWorker(args[0]!)}\n`)
    return 0
  } catch (error) {
    err.write(
      `sandbox init-worker: cannot write ${WORKER_SCRIPT} into "${args[0]}": ${(error as Error).message}\n`,
    )
    return 1
  }
}
