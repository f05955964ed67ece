import { createInterface, type Interface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { createSandbox } from '../mocks/sandbox.ts'
import { startServer, type RunningServer } from '../mocks/server.ts'
import { SCENARIOS } from '../scenarios/index.ts'
import { didYouMean } from '../mocks/did-you-mean.ts'
import { probe } from '../mocks/port-probe.ts'
import { Demo, DemoFailure, type DemoTransport } from './demo.ts'
import { DEMO_FLOWS } from './flows/index.ts'

export interface RunDemoOptions {
  flow?: string
  port: number
  /** Wait for Enter between steps (false: `--no-pause`, for recordings and tests). */
  pause: boolean
  input: Readable
  output: Writable
  color: boolean
  /** How each step is sent (default node:http); the tests send each printed curl command itself. */
  transport?: DemoTransport
}

const held = (port: number, what: string) =>
  `Port ${port} is held by another program, not an Orgo sandbox (${what}): stop it, or pass --port N.\n`

/** `sandbox demo [flow]`: walks through each auth flow against a running sandbox, or one it starts. Exit code. */
export async function runDemo(options: RunDemoOptions): Promise<number> {
  const write = (text: string) => void options.output.write(text)
  const names = DEMO_FLOWS.map((f) => f.name)
  const known = names.join(', ')
  if (options.flow && !names.includes(options.flow)) {
    write(`Unknown demo flow "${options.flow}".${didYouMean(options.flow, names)} Flows: ${known}.\n`)
    return 2
  }
  // The menu reads a line from a person: with no terminal it would wait forever (or read a pipe's garbage).
  if (!options.flow && options.pause && (options.input as { isTTY?: boolean }).isTTY !== true) {
    write(
      `No terminal to show the menu on: pass a flow name (sandbox demo ${names[0]}; flows: ${known}), ` +
        'or --no-pause to run them all.\n',
    )
    return 2
  }
  let own: RunningServer | undefined
  const found = await probe(options.port)
  if (found.kind === 'other') {
    write(held(options.port, found.what))
    return 2
  }
  if (found.kind === 'sandbox') {
    write(`Using the sandbox already answering on port ${options.port}.\n`)
  } else {
    const sandbox = await createSandbox({ scenarioDefinitions: SCENARIOS, port: options.port })
    try {
      own = await startServer(sandbox, { port: options.port })
    } catch (error) {
      // Taken between the probe and the listen, or held on another address: one line, no stack trace.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
      write(held(options.port, 'it is in use'))
      return 2
    }
    write(`Started a sandbox on http://127.0.0.1:${options.port} for this demo.\n`)
  }
  const lines: Interface | undefined = options.pause ? createInterface({ input: options.input }) : undefined
  const nextLine = () => new Promise<string>((resolve) => lines!.once('line', resolve))
  try {
    let flows = options.flow ? DEMO_FLOWS.filter((f) => f.name === options.flow) : DEMO_FLOWS
    if (!options.flow && lines) {
      write('\nWhich flow?\n')
      DEMO_FLOWS.forEach((f, i) => write(`  ${i + 1}. ${f.name.padEnd(13)} ${f.summary}\n`))
      write('  a. all of them\n> ')
      const answer = (await nextLine()).trim()
      const picked = DEMO_FLOWS[Number(answer) - 1]
      if (picked) flows = [picked]
      else if (answer !== 'a' && answer !== '') {
        write(`No flow "${answer}". Flows: ${known}.\n`)
        return 2
      }
    }
    const pause = async () => {
      if (!lines) return
      write('   [Enter] next step\n')
      await nextLine()
    }
    for (const flow of flows) {
      const demo = new Demo(
        options.port,
        { write, pause, color: options.color, interactive: options.pause },
        flow.title,
        flow.steps,
        options.transport,
      )
      write(`\n${demo.paint(['bold', 'underline'], `${flow.title}: ${flow.summary}`)}\n`)
      await flow.run(demo)
    }
    write('\nDone. Every command above can be pasted into a terminal while the sandbox runs.\n')
    return 0
  } catch (error) {
    if (!(error instanceof DemoFailure)) throw error
    write(`\nThe demo went wrong: ${error.message}\n`)
    return 1
  } finally {
    lines?.close()
    await own?.close()
  }
}
