import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { buildWebApp } from './build.ts'

// The sandbox is a build-time choice: a production bundle carries none of it.

const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

async function built(sandbox: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'orgo-web-app-build-'))
  dirs.push(dir)
  await buildWebApp(dir, { sandbox })
  return dir
}

it(
  'a production build leaves orgo-sandbox/browser and the worker script out',
  { timeout: 30_000 },
  async () => {
    const [sandbox, production] = await Promise.all([built(true), built(false)])
    expect(readFileSync(join(sandbox, 'main.js'), 'utf8')).toContain('[MSW]')
    expect(existsSync(join(sandbox, 'mockServiceWorker.js'))).toBe(true)
    const bundle = readFileSync(join(production, 'main.js'), 'utf8')
    expect(bundle).not.toContain('[MSW]')
    expect(bundle).toContain('https://acme.orgo.space')
    expect(bundle.length).toBeLessThan(20_000)
    expect(existsSync(join(production, 'mockServiceWorker.js'))).toBe(false)
  },
)
