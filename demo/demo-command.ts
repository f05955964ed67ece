import { parseArgs } from 'node:util'
import { explainArgError } from '../mocks/did-you-mean.ts'
import { DEMO_FLOWS } from './flows/index.ts'
import { runDemo } from './run-demo.ts'

export const DEMO_HELP = `Usage: sandbox demo [flow] [--no-pause] [--port N]

Walks through each Orgo auth flow step by step: the exact curl command, the response, and what it shows.
Uses the sandbox answering on the port, or starts one.

Flows: ${DEMO_FLOWS.map((f) => f.name).join(', ')} (none: a menu; with --no-pause, all of them)
  --no-pause   run straight through (recordings, tests)
  --port N     the sandbox's port (default 4010)
`

/** `sandbox demo ...`: returns the process exit code. */
export async function demoCommand(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'no-pause': { type: 'boolean', default: false },
        port: { type: 'string', default: '4010' },
        help: { type: 'boolean', default: false },
      },
    })
  } catch (error) {
    process.stderr.write(`sandbox demo: ${explainArgError(error as Error, DEMO_HELP)}\n${DEMO_HELP}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(DEMO_HELP)
    return 0
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    process.stderr.write(`sandbox demo: --port must be a port number, got "${values.port}"\n`)
    return 2
  }
  return runDemo({
    flow: positionals[0],
    port,
    pause: !values['no-pause'],
    input: process.stdin,
    output: process.stdout,
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  })
}
