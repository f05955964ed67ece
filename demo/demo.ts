import { styleText } from 'node:util'
import { toCurl, type DemoRequest } from './curl.ts'
import { send, type DemoResponse } from './http.ts'

// The headers worth a newcomer's attention; the rest is noise in a demo.
const SHOWN_HEADERS = ['content-type', 'www-authenticate', 'retry-after', 'location', 'allow', 'x-request-id']

export interface DemoStep {
  title: string
  request: DemoRequest
  /** One line on what just happened, and the part of Orgo's documentation it follows. */
  explain: string | ((res: DemoResponse) => string)
  /** The status this step should show; a different one is reported as a demo failure. */
  expect?: number
}

export interface DemoOutput {
  write(text: string): void
  /** Resolves when the person presses Enter; immediate with --no-pause. */
  pause(): Promise<void>
  color: boolean
  /** A person is at the keyboard (not --no-pause): flows may wait for them, e.g. in a browser. */
  interactive: boolean
}

export class DemoFailure extends Error {}

/** How a step reaches the sandbox: node:http by default; a test sends the very curl command it printed. */
export type DemoTransport = (request: DemoRequest, port: number, curl: string) => Promise<DemoResponse>

/** Runs the steps of one flow: title, curl command, response, explanation; Enter between steps. */
export class Demo {
  #step = 0

  constructor(
    readonly port: number,
    readonly out: DemoOutput,
    readonly flowTitle: string,
    readonly totalSteps: number,
    readonly transport: DemoTransport = (request, port) => send(request, port),
  ) {}

  paint(style: Parameters<typeof styleText>[0], text: string): string {
    return this.out.color ? styleText(style, text) : text
  }

  note(text: string): void {
    this.out.write(`${this.paint('dim', text)}\n`)
  }

  async step(step: DemoStep): Promise<DemoResponse> {
    this.#step++
    const { out } = this
    out.write(
      `\n${this.paint(['bold', 'cyan'], `━━ ${this.flowTitle} · step ${this.#step}/${this.totalSteps}: ${step.title}`)}\n`,
    )
    const curl = toCurl(step.request, this.port)
    out.write(`${this.paint('yellow', '$')} ${curl}\n`)
    const res = await this.transport(step.request, this.port, curl)
    const color = res.status >= 500 ? 'red' : res.status >= 400 ? 'magenta' : 'green'
    out.write(`${this.paint(['bold', color], `← ${res.status} ${res.statusText}`)}\n`)
    for (const name of SHOWN_HEADERS)
      if (res.headers[name]) out.write(this.paint('dim', `  ${name}: ${res.headers[name]}\n`))
    if (res.text) out.write(indent(this.bodyPreview(res)) + '\n')
    const explain = typeof step.explain === 'function' ? step.explain(res) : step.explain
    out.write(`${this.paint('bold', '→')} ${explain}\n`)
    if (step.expect !== undefined && res.status !== step.expect) {
      throw new DemoFailure(
        `step "${step.title}" answered ${res.status}, expected ${step.expect}: ${res.text.slice(0, 300)}`,
      )
    }
    await out.pause()
    return res
  }

  bodyPreview(res: DemoResponse): string {
    if (res.json !== undefined) return this.prettyJson(res.json)
    if (!(res.headers['content-type'] ?? '').startsWith('text/html')) return res.text.slice(0, 2000)
    // A page: its title and headings tell what a browser would show.
    const title = /<title>([^<]*)<\/title>/.exec(res.text)?.[1] ?? 'page'
    const headings = [...res.text.matchAll(/<h[12][^>]*>([^<]*)<\/h[12]>/g)].map((m) => m[1])
    return this.paint('dim', `(HTML page) ${[title, ...headings].join(' · ')}`)
  }

  prettyJson(value: unknown): string {
    const text = JSON.stringify(value, null, 2)
    if (!this.out.color) return text
    return text.replace(
      /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?)/g,
      (match, str, colon, literal) => {
        if (str) return colon ? styleText('blue', str) + colon : styleText('green', str)
        if (literal) return styleText('magenta', literal)
        return styleText('yellow', match)
      },
    )
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')
}
