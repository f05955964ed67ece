import { request } from 'node:http'
import { createInterface, type Interface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { createSandbox } from '../mocks/sandbox.ts'
import { startServer, type RunningServer } from '../mocks/server.ts'
import { SCENARIOS } from '../scenarios/index.ts'
import { Demo, DemoFailure } from './demo.ts'
import { DEMO_FLOWS } from './flows/index.ts'

export interface RunDemoOptions {
  flow?: string
  port: number
  /** Wait for Enter between steps (false: `--no-pause`, for recordings and tests). */
  pause: boolean
  input: Readable
  output: Writable
  color: boolean
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/__sandbox/health', timeout: 1000 }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('error', () => resolve(false))
    req.on('timeout', () => {
      req.destroy()
      resolve(false)
    })
    req.end()
  })
}

/** `sandbox demo [flow]`: walks through each auth flow against a running sandbox, or one it starts. Exit code. */
export async function runDemo(options: RunDemoOptions): Promise<number> {
  const write = (text: string) => void options.output.write(text)
  const known = DEMO_FLOWS.map((f) => f.name).join(', ')
  if (options.flow && !DEMO_FLOWS.some((f) => f.name === options.flow)) {
    write(`Unknown demo flow "${options.flow}". Flows: ${known}.\n`)
    return 2
  }
  let own: RunningServer | undefined
  if (await healthy(options.port)) {
    write(`Using the sandbox already answering on port ${options.port}.\n`)
  } else {
    own = await startServer(await createSandbox({ scenarioDefinitions: SCENARIOS, port: options.port }), {
      port: options.port,
    })
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
