import { execFile } from 'node:child_process'
import { PassThrough } from 'node:stream'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_FLOWS } from '../demo/flows/index.ts'
import type { DemoTransport } from '../demo/demo.ts'
import { runDemo } from '../demo/run-demo.ts'
import { startTestServer, type TestServer } from './helpers.ts'

const run = promisify(execFile)
const FROZEN_AT = Date.parse('2026-06-01T10:00:00Z')

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())

/** Same seed, same frozen clock: every flow starts from the same state. */
async function freshState() {
  await s.sandbox.reset()
  s.sandbox.clock.set(FROZEN_AT)
  s.sandbox.clock.freeze()
}

/**
 * Each step sent as the very curl command the demo printed, run by bash: what a person pasting the transcript
 * gets. (Replaying a transcript after a reset no longer works: every credential issued is new, findings-3 N1.)
 */
const viaCurl: DemoTransport = async (_request, _port, curl) => {
  const { stdout } = await run('bash', ['-c', curl], { maxBuffer: 4 * 1024 * 1024 })
  const split = stdout.indexOf('\r\n\r\n')
  const head = stdout.slice(0, split).split('\r\n')
  const text = stdout.slice(split + 4)
  const [, status, statusText] = /^HTTP\/1\.1 (\d{3}) ?(.*)$/.exec(head[0]!)!
  const headers: Record<string, string> = {}
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: Number(status), statusText: statusText!, headers, text, json }
}

async function demoTranscript(flow: string, transport?: DemoTransport) {
  const output = new PassThrough()
  let text = ''
  output.on('data', (chunk: Buffer) => (text += chunk.toString()))
  const code = await runDemo({
    flow,
    port: s.port,
    pause: false,
    input: new PassThrough(),
    output,
    color: false,
    transport,
  })
  return { code, text }
}

describe('sandbox demo --no-pause', () => {
  it.each(DEMO_FLOWS.map((f) => f.name))(
    '%s runs to the end, and sent as its printed curl commands it shows the same statuses',
    async (flow) => {
      await freshState()
      const { code, text } = await demoTranscript(flow)
      expect(code, text).toBe(0)
      expect(text).toContain('Using the sandbox already answering')
      const commands = [...text.matchAll(/^\$ (curl .*)$/gm)].map((m) => m[1]!)
      const shown = [...text.matchAll(/^← (\d{3}) /gm)].map((m) => Number(m[1]))
      expect(commands.length).toBe(DEMO_FLOWS.find((f) => f.name === flow)!.steps)
      expect(shown).toHaveLength(commands.length)

      // Again from the same state, every step through real curl: each step's expected status must hold.
      await freshState()
      const pasted = await demoTranscript(flow, viaCurl)
      expect(pasted.code, pasted.text).toBe(0)
      expect([...pasted.text.matchAll(/^← (\d{3}) /gm)].map((m) => Number(m[1]))).toEqual(shown)
    },
  )

  it('the errors flow shows every row of the "Common authentication errors" table with its fix', async () => {
    await freshState()
    const { text } = await demoTranscript('errors')
    for (const status of ['401', '403', '404']) expect(text).toMatch(new RegExp(`^← ${status} `, 'm'))
    expect(text).toContain('Fix: re-send the header')
    expect(text).toContain('Fix: check the Api-Token access level')
    expect(text).toContain("Fix: check the user's role for this resource")
    expect(text).toContain('Fix: confirm you are calling the correct subdomain')
  })

  it('an unknown flow is exit code 2 with the list of flows', async () => {
    const { code, text } = await demoTranscript('nope')
    expect(code).toBe(2)
    expect(text).toBe(`Unknown demo flow "nope". Flows: ${DEMO_FLOWS.map((f) => f.name).join(', ')}.\n`)
  })
})

describe("the dashboard's demo runner", () => {
  it('runs a flow against the sandbox line by line, and its requests land in the request log', async () => {
    await freshState()
    const { createDemoRunner } = await import('../demo/demo-runner.ts')
    const runner = await createDemoRunner(s.port)
    expect(runner.names).toEqual(DEMO_FLOWS.map((f) => f.name))
    const lines: string[] = []
    expect(await runner.run('jwt', (line) => lines.push(line))).toBe(0)
    expect(lines.filter((l) => l.startsWith('━━ '))).toHaveLength(5)
    const log = s.sandbox.feed.requests().map((r) => `${r.method} ${r.path} ${r.status}`)
    expect(log).toEqual(
      expect.arrayContaining(['POST /api/v1/login-check 200', 'POST /api/v1/token/refresh 200']),
    )
  })
})
