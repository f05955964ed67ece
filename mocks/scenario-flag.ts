import type { StartupScenario } from './core.ts'

/**
 * `--scenario NAME[,tenant=SLUG][,path=PATTERN][,OPTION=VALUE...]`: a preset on from the start, optionally
 * narrowed, with options (numbers and booleans are parsed: `slow-network,latencyMs=300`).
 */
export function parseScenarioFlag(spec: string): StartupScenario {
  const [name, ...pairs] = spec.split(',').map((part) => part.trim())
  if (!name) throw new Error(`--scenario needs a name, e.g. --scenario expired-jwt; got "${spec}".`)
  const scenario: StartupScenario = { name }
  const options: Record<string, unknown> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new Error(`--scenario ${name}: "${pair}" is not key=value.`)
    const key = pair.slice(0, eq)
    const value = pair.slice(eq + 1)
    if (key === 'tenant') scenario.tenant = value
    else if (key === 'path') scenario.path = value
    else
      options[key] =
        value === 'true'
          ? true
          : value === 'false'
            ? false
            : value !== '' && !Number.isNaN(Number(value))
              ? Number(value)
              : value
  }
  if (Object.keys(options).length) scenario.options = options
  return scenario
}
