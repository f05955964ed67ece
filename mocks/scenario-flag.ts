import type { StartupScenario } from './core.ts'
import { didYouMean } from './did-you-mean.ts'
import { badRequest } from './http/errors.ts'

/** A scenario named with its narrowing and options: `--scenario`'s and `X-Sandbox-Scenario`'s parsed form. */
export type ScenarioSpec = StartupScenario

/** `true`/`false` and numbers are parsed, anything else stays a string (`slow-network,latencyMs=300`). */
function optionValue(value: string): unknown {
  if (value === 'true') return true
  if (value === 'false') return false
  return value !== '' && !Number.isNaN(Number(value)) ? Number(value) : value
}

/** `key=value` pairs into a spec: `tenant` and `path` narrow, every other key is an option. */
function withPairs(name: string, pairs: string[], fail: (pair: string) => never): ScenarioSpec {
  const scenario: ScenarioSpec = { name }
  const options: Record<string, unknown> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0) fail(pair)
    const key = pair.slice(0, eq).trim()
    const value = pair.slice(eq + 1).trim()
    if (key === 'tenant') scenario.tenant = value
    else if (key === 'path') scenario.path = value
    else options[key] = optionValue(value)
  }
  if (Object.keys(options).length) scenario.options = options
  return scenario
}

/**
 * `--scenario NAME[,tenant=SLUG][,path=PATTERN][,OPTION=VALUE...]`: a preset on from the start, optionally
 * narrowed, with options (numbers and booleans are parsed: `slow-network,latencyMs=300`).
 */
export function parseScenarioFlag(spec: string): StartupScenario {
  const [name, ...pairs] = spec.split(',').map((part) => part.trim())
  if (!name) throw new Error(`--scenario needs a name, e.g. --scenario expired-jwt; got "${spec}".`)
  return withPairs(name, pairs, (pair) => {
    throw new Error(`--scenario ${name}: "${pair}" is not key=value.`)
  })
}

/** The request header that applies scenarios to its request alone (Prism's `Prefer: code=500`, for presets). */
export const SCENARIO_HEADER = 'x-sandbox-scenario'

const JSON_KEYS = ['name', 'tenant', 'path', 'options']
const EXAMPLE = 'e.g. "X-Sandbox-Scenario: slow-network; latencyMs=300, maintenance; retryAfter=5"'

/**
 * `X-Sandbox-Scenario`'s value, in either of two forms:
 * - HTTP list syntax (RFC 9110 5.6.1 lists, 5.6.6 parameters): `NAME[; KEY=VALUE]...`, comma-separated, the keys
 *   those of `--scenario` (`tenant`, `path` narrow; any other is an option). A repeated header is a list too.
 * - JSON, when the value starts with `{` or `[`: the control API's body plus `name`, one object or an array:
 *   `{"name":"slow-network","path":"/api/v1/events*","options":{"latencyMs":300}}` (for a value holding `,` or `;`).
 * Checks the shape only; names, options and narrowing are checked by the engine (`oneRequestActivations`).
 */
export function parseScenarioHeader(value: string): ScenarioSpec[] {
  const text = value.trim()
  const specs =
    text.startsWith('{') || text.startsWith('[')
      ? fromJson(text)
      : text.split(',').map((item) => {
          const [name, ...pairs] = item.split(';').map((part) => part.trim())
          if (!name)
            badRequest(`X-Sandbox-Scenario has an empty entry in "${text.slice(0, 200)}"; ${EXAMPLE}.`)
          return withPairs(name, pairs, (pair) =>
            badRequest(
              `X-Sandbox-Scenario: "${pair.slice(0, 200)}" of ${name} is not key=value; ${EXAMPLE}.`,
            ),
          )
        })
  const seen = new Set<string>()
  for (const { name } of specs) {
    if (seen.has(name)) badRequest(`X-Sandbox-Scenario names "${name.slice(0, 200)}" twice.`)
    seen.add(name)
  }
  return specs
}

function fromJson(text: string): ScenarioSpec[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    badRequest(`X-Sandbox-Scenario is not valid JSON; ${EXAMPLE}, or {"name":"maintenance"}.`)
  }
  const items = Array.isArray(parsed) ? parsed : [parsed]
  return items.map((item: unknown) => {
    if (typeof item === 'string') return { name: item }
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      badRequest(
        'X-Sandbox-Scenario in JSON is an object {"name", "tenant", "path", "options"} or an array of them.',
      )
    const record = item as Record<string, unknown>
    for (const key of Object.keys(record))
      if (!JSON_KEYS.includes(key))
        badRequest(
          `Unknown key "${key.slice(0, 200)}" in X-Sandbox-Scenario.${didYouMean(key, JSON_KEYS)} Allowed keys: ${JSON_KEYS.join(', ')}.`,
        )
    const { name, tenant, path, options } = record
    if (typeof name !== 'string' || !name) badRequest('X-Sandbox-Scenario in JSON needs a "name" string.')
    const isText = (v: unknown) => v === undefined || v === null || typeof v === 'string'
    if (!isText(tenant) || !isText(path))
      badRequest(`X-Sandbox-Scenario: "tenant" and "path" of ${name} must be strings.`)
    if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options)))
      badRequest(`X-Sandbox-Scenario: "options" of ${name} must be an object, e.g. {"latencyMs":300}.`)
    return {
      name,
      tenant: (tenant as string | null | undefined) ?? undefined,
      path: (path as string | null | undefined) ?? undefined,
      options: options as Record<string, unknown> | undefined,
    }
  })
}
