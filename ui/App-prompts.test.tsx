import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createScriptedClient, type ScriptedClient } from '../test/dashboard-client.ts'
import { KEY, mountDashboard, type Dashboard } from '../test/dashboard-screen.tsx'
import type { CopyEnv } from './clipboard.ts'

/** Issue 27: a scenario's options and narrowing set from the Scenarios pane; a copy that says how it went. */
let s: ScriptedClient
let d: Dashboard
const cache = () => mkdtempSync(join(tmpdir(), 'orgo-copy-'))
/** `columns`: a wide terminal shows a notice whole (80 columns cut the end of a long one). */
const mount = (copyEnv?: CopyEnv, columns = 80) => {
  d = mountDashboard({ client: s.client, onQuit: vi.fn(), copyEnv, size: { columns, rows: 24 } })
  return d.shows('api rw')
}
beforeEach(async () => {
  s = await createScriptedClient()
})
afterEach(() => d.ui.unmount())

/** Selects a scenario's row on the Scenarios pane (they are listed in SCENARIOS' order). */
async function selectScenario(name: string) {
  await d.press('6')
  const order = (await s.client.scenarios()).map((x) => x.name)
  await d.press(...Array<string>(order.indexOf(name)).fill(KEY.down))
}

describe('the Scenarios pane: o sets options and narrowing', () => {
  it('starts from the defaults, takes --scenario pairs, and shows the activation', async () => {
    await mount()
    await selectScenario('slow-network')
    await d.press('o')
    await d.shows('Switch on slow-network,latencyMs=1500')
    await d.shows('ctrl+u clear  keys latencyMs (max 60000), tenant, path')
    // Typed keys are text here: `q` and `t` neither quit nor filter.
    await d.press(
      KEY.ctrlU,
      'latencyMs=300,path=/api/v1/events*,tenant=globeq',
      KEY.backspace,
      'x',
      KEY.enter,
    )
    await d.shows('Scenario slow-network on: latencyMs=300,path=/api/v1/events*,tenant=globex')
    expect(s.calls).toEqual([
      'on slow-network {"tenant":"globex","path":"/api/v1/events*","options":{"latencyMs":300}}',
    ])
    await d.shows('ON  slow-network       [latencyMs=300 (tenant globex, path /api/v1/events*)]')
    // On again, `o` starts from the activation as it is.
    await d.press('o')
    await d.shows('Switch on slow-network,tenant=globex,path=/api/v1/events*,latencyMs=300')
    await d.press(KEY.escape)
    await d.shows('Scenario slow-network unchanged')
    expect(s.calls).toHaveLength(1)
  })

  it('says what the sandbox refused, and the next o brings the draft back to mend', async () => {
    await mount()
    await selectScenario('slow-network')
    await d.press('o', KEY.ctrlU, 'latencyMs=999999', KEY.enter)
    await d.shows('Option "latencyMs" of "slow-network" must be at most 60,000; got 999999.')
    await d.press('o')
    await d.shows('Switch on slow-network,latencyMs=999999')
    await d.press(KEY.ctrlU, 'latency', KEY.enter)
    await d.shows('Scenario slow-network: "latency" is not key=value.')
    await d.press('o', KEY.ctrlU, 'latncyMs=5', KEY.enter)
    await d.shows('Scenario "slow-network" has no option "latncyMs". Did you mean "latencyMs"?')
    // An empty value goes as typed, and the sandbox says what it takes.
    await d.press('o', KEY.ctrlU, 'tenant=', KEY.enter)
    await d.shows('Cannot narrow "slow-network" to tenant "": no such tenant.')
    expect(s.sandbox.scenarios.active()).toEqual([])
  })
})

describe('copying says how it went', () => {
  it('through a clipboard command: the clipboard certainly holds it', async () => {
    const dir = cache()
    const script = join(dir, 'copy.mjs')
    const out = join(dir, 'clipboard')
    writeFileSync(
      script,
      `import { writeFileSync, readFileSync } from 'node:fs'\nwriteFileSync(process.argv[2], readFileSync(0))\n`,
    )
    const env = { XDG_CACHE_HOME: dir, ORGO_SANDBOX_CLIPBOARD: `${process.execPath} ${script} ${out}` }
    await mount({ env, platform: 'linux' })
    await d.press(KEY.down, KEY.enter, 'y')
    await d.shows('Copied the value to the clipboard (')
    const ro = s.sandbox
      .tenant('acme')!
      .apiTokens.all()
      .find((k) => k.isReadOnly)!
    expect(readFileSync(out, 'utf8')).toBe(ro.token)
    // The file too, readable by its owner alone.
    expect(readFileSync(join(dir, 'orgo-sandbox', 'copied'), 'utf8')).toBe(ro.token)
    expect(statSync(join(dir, 'orgo-sandbox', 'copied')).mode & 0o777).toBe(0o600)
  })

  it('a command that fails, then OSC 52 alone: says the terminal may have refused, and where the file is', async () => {
    const dir = cache()
    const env = { XDG_CACHE_HOME: dir, ORGO_SANDBOX_CLIPBOARD: 'no-such-clipboard-tool' }
    await mount({ env, platform: 'linux' }, 200)
    await d.press(KEY.down, KEY.enter, 'Y')
    await d.shows(
      `The command is in ${dir}/orgo-sandbox/copied; sent by OSC 52 too (no-such-clipboard-tool failed; no paste? the terminal refused it)`,
    )
    expect(readFileSync(join(dir, 'orgo-sandbox', 'copied'), 'utf8')).toMatch(/^curl -H 'Api-Token: /)
  })
})
