import { spawn, type ChildProcess } from 'node:child_process'

/** The real CLI in a child process, as a user starts it: `node bin/sandbox.js --port 0 --no-ui …`. */
export interface CliProcess {
  child: ChildProcess
  port: number
  /** Everything it printed to stdout so far. */
  output(): string
  /** Waits (up to 15 s) until stdout matches; the match, or an Error showing what was printed. */
  seen(pattern: RegExp): Promise<RegExpExecArray>
  stop(): void
}

export async function startCli(args: string[] = []): Promise<CliProcess> {
  const child = spawn(process.execPath, ['bin/sandbox.js', '--port', '0', '--no-ui', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  const seen = async (pattern: RegExp) => {
    for (let waited = 0; waited < 15_000; waited += 50) {
      const match = pattern.exec(out)
      if (match) return match
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`no ${pattern} in:\n${out}`)
  }
  const port = Number((await seen(/listening on http:\/\/127\.0\.0\.1:(\d+)/))[1])
  return { child, port, output: () => out, seen, stop: () => void child.kill() }
}
