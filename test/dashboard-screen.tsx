import { render } from 'ink-testing-library'
import { stripVTControlCharacters as plain } from 'node:util'
import { App, type AppProps } from '../ui/App.tsx'

/** Keys as a terminal sends them. */
export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  enter: '\r',
  escape: '\u001B',
  backspace: '\u007F',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
}

export const INFO = { url: 'http://127.0.0.1:4010', port: 4010, version: '0.1.0', seed: 7 }

export type Dashboard = ReturnType<typeof mountDashboard>

/** The dashboard at 80x24, 20 frames a second at most, with what a test does to it: read, wait, press. */
export function mountDashboard(props: Omit<AppProps, 'info' | 'feed'>) {
  const ui = render(<App info={INFO} size={{ columns: 80, rows: 24 }} feed={{ frameMs: 50 }} {...props} />)
  const screen = () => plain(ui.lastFrame() ?? '')
  const waitFor = async (check: (text: string) => boolean, what: string, ms = 3000): Promise<string> => {
    const until = Date.now() + ms
    while (Date.now() < until) {
      if (check(screen())) return screen()
      await new Promise((r) => setTimeout(r, 20))
    }
    throw new Error(`screen never showed ${what}:\n${screen()}`)
  }
  return {
    ui,
    screen,
    waitFor,
    shows: (text: string) => waitFor((t) => t.includes(text), JSON.stringify(text)),
    async press(...keys: string[]) {
      for (const key of keys) {
        ui.stdin.write(key)
        await new Promise((r) => setTimeout(r, 30))
      }
    },
  }
}
