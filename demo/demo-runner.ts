import { PassThrough, Writable } from 'node:stream'
import type { DemoRunner } from '../ui/App.tsx'
import { DEMO_FLOWS } from './flows/index.ts'
import { runDemo } from './run-demo.ts'

/** The demos for the dashboard's `d` key: straight through, against the dashboard's own sandbox, line by line. */
export async function createDemoRunner(port: number): Promise<DemoRunner> {
  return {
    names: DEMO_FLOWS.map((f) => f.name),
    run(name, onLine) {
      let pending = ''
      const output = new Writable({
        write(chunk: Buffer, _encoding, done) {
          pending += chunk.toString()
          const lines = pending.split('\n')
          pending = lines.pop()!
          for (const line of lines) onLine(line)
          done()
        },
      })
      return runDemo({ flow: name, port, pause: false, input: new PassThrough(), output, color: false })
    },
  }
}
