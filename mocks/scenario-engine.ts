import type { Activation, Narrowing, SandboxCore, ScenarioDefinition, ScenarioEngine } from './core-types.ts'
import { didYouMean } from './did-you-mean.ts'
import { badRequest, HttpError, notFound } from './http/errors.ts'
import { foreignCaller } from './http/origin.ts'
import type { SandboxRequest } from './http/types.ts'
import { parseScenarioHeader } from './scenario-flag.ts'
import { createEffectLog, rowsWithout, undoEffect, type EffectLog } from './scenario-effects.ts'

export type { Activation, Narrowing, OptionLimit, ScenarioDefinition, ScenarioEngine } from './core-types.ts'

/** The longest `path` pattern and string option taken; a glob is a few segments, never a document. */
export const MAX_PATTERN_LENGTH = 200

interface Active extends Activation {
  definition: ScenarioDefinition
  matchesPath: ((path: string) => boolean) | null
  effect: EffectLog
  undo?: (() => Promise<void> | void) | void
}

/**
 * `*` matches any run of characters; everything else is literal. Matched without a regex: the literal parts
 * in order by indexOf, leftmost first, which is exact for `*`-only globs and linear in the path. The regex it
 * replaces (`.*` per star) backtracked: 7 stars took 2.8 s a request (findings M2).
 */
export function globMatcher(glob: string): (path: string) => boolean {
  const parts = glob.split(/\*+/)
  if (parts.length === 1) return (path) => path === glob
  const first = parts[0]!
  const last = parts[parts.length - 1]!
  const middle = parts.slice(1, -1)
  return (path) => {
    if (path.length < first.length + last.length || !path.startsWith(first) || !path.endsWith(last))
      return false
    const end = path.length - last.length
    let at = first.length
    for (const part of middle) {
      const found = path.indexOf(part, at)
      if (found === -1 || found + part.length > end) return false
      at = found + part.length
    }
    return true
  }
}

const formatLimit = (n: number) => n.toLocaleString('en-US')

/** An activation's options over the defaults, each checked against its type and bound (findings M3). */
function mergeOptions(
  definition: ScenarioDefinition,
  options: Record<string, unknown>,
): Record<string, number | string | boolean> {
  const { name } = definition
  const defaults = definition.defaults ?? {}
  const merged: Record<string, number | string | boolean> = { ...defaults }
  for (const [key, value] of Object.entries(options)) {
    // Own keys only: `constructor` or `__proto__` must not pass for an option.
    if (!Object.hasOwn(defaults, key)) {
      const names = Object.keys(defaults)
      badRequest(
        `Scenario "${name}" has no option "${key.slice(0, MAX_PATTERN_LENGTH)}".` +
          (names.length
            ? `${didYouMean(key, names)} Its options: ${names.join(', ')}.`
            : ' It takes no options.'),
      )
    }
    const expected = defaults[key]!
    if (typeof value !== typeof expected)
      badRequest(`Option "${key}" of "${name}" must be a ${typeof expected}.`)
    if (typeof value === 'number') {
      const limit = definition.limits![key]!
      if (!Number.isFinite(value) || value < 0) badRequest(`Option "${key}" must be a number >= 0.`)
      if (value > limit.max)
        badRequest(`Option "${key}" of "${name}" must be at most ${formatLimit(limit.max)}; got ${value}.`)
      if (limit.integer && !Number.isInteger(value))
        badRequest(`Option "${key}" of "${name}" must be a whole number; got ${value}.`)
    }
    if (typeof value === 'string' && value.length > MAX_PATTERN_LENGTH)
      badRequest(`Option "${key}" of "${name}" may be at most ${MAX_PATTERN_LENGTH} characters long.`)
    merged[key] = value as number | string | boolean
  }
  return merged
}

/** A narrowing's tenant exists and its path is a bounded pattern from the root. */
function checkNarrowing(
  core: SandboxCore,
  name: string,
  narrowing: Narrowing,
): { tenant: string | null; path: string | null } {
  const tenant = narrowing.tenant ?? null
  if (tenant !== null && !core.tenant(tenant))
    badRequest(
      `Cannot narrow "${name}" to tenant "${tenant.slice(0, MAX_PATTERN_LENGTH)}": no such tenant.` +
        `${didYouMean(tenant, core.options.tenants)} Tenants: ${core.options.tenants.join(', ')}.`,
    )
  const path = narrowing.path ?? null
  if (path !== null && path.length > MAX_PATTERN_LENGTH)
    badRequest(`The path pattern may be at most ${MAX_PATTERN_LENGTH} characters long; got ${path.length}.`)
  if (path !== null && !path.startsWith('/'))
    badRequest(`The path pattern must start with "/", e.g. "/api/v1/events*"; got "${path}".`)
  return { tenant, path }
}

/** A numeric option without a bound is a mistake in the scenario's file: refused when the engine is built. */
function assertBounded(definition: ScenarioDefinition): void {
  for (const [key, value] of Object.entries(definition.defaults ?? {})) {
    const limit = definition.limits?.[key]
    if (typeof value === 'number' && (!limit || !(value >= 0 && value <= limit.max)))
      throw new Error(
        `Scenario "${definition.name}": numeric option "${key}" needs limits.${key}.max >= its default ${value}.`,
      )
  }
}

/** `getCore` is read lazily: the engine is built inside the sandbox it belongs to. */
export function createScenarioEngine(
  getCore: () => SandboxCore,
  definitions: readonly ScenarioDefinition[],
): ScenarioEngine {
  definitions.forEach(assertBounded)
  const byName = new Map(definitions.map((d) => [d.name, d]))
  const active = new Map<string, Active>()
  // Every effect in force, from the moment its `apply` starts: a save mid-apply must not see its records.
  const effects = new Set<EffectLog>()
  const plain = (a: Active): Activation => ({
    name: a.name,
    tenant: a.tenant,
    path: a.path,
    options: a.options,
    since: a.since,
  })

  const engine: ScenarioEngine = {
    get size() {
      return active.size
    },
    list: () =>
      definitions.map((d) => ({
        name: d.name,
        description: d.description,
        defaults: d.defaults ?? {},
        limits: d.limits ?? {},
        active: active.has(d.name) ? plain(active.get(d.name)!) : null,
      })),
    active: () => [...active.values()].map(plain),
    definition: (name) => byName.get(name),
    async enable(name, narrowing = {}, options = {}) {
      const core = getCore()
      const definition = byName.get(name)
      if (!definition)
        notFound(
          `No scenario "${name.slice(0, MAX_PATTERN_LENGTH)}".${didYouMean(name, byName.keys())} Known scenarios: ${[...byName.keys()].join(', ')}.`,
        )
      const { tenant, path } = checkNarrowing(core, name, narrowing)
      const merged = mergeOptions(definition, options)
      // Switching on again re-narrows: undo the previous activation first so effects never stack.
      await engine.disable(name)
      const entry: Active = {
        name,
        tenant,
        path,
        options: merged,
        since: new Date(core.clock.now()).toISOString(),
        definition,
        matchesPath: path === null ? null : globMatcher(path),
        effect: createEffectLog(),
      }
      if (definition.apply) {
        effects.add(entry.effect)
        try {
          entry.undo = await definition.apply(core, plain(entry), entry.effect)
        } catch (error) {
          // A failed apply leaves nothing behind.
          effects.delete(entry.effect)
          undoEffect(entry.effect, effects)
          throw error
        }
      }
      active.set(name, entry)
      const where = [tenant && `tenant ${tenant}`, path && `path ${path}`].filter(Boolean).join(', ')
      core.change('scenario.on', tenant, `Scenario ${name} on${where ? ` (${where})` : ''}`, {
        name,
        tenant,
        path,
        options: merged,
      })
      return plain(entry)
    },
    async disable(name) {
      const entry = active.get(name)
      if (!entry) return false
      active.delete(name)
      effects.delete(entry.effect)
      undoEffect(entry.effect, effects)
      await entry.undo?.()
      getCore().change('scenario.off', entry.tenant, `Scenario ${name} off`, { name })
      return true
    },
    async disableAll() {
      for (const name of [...active.keys()].reverse()) await engine.disable(name)
    },
    rowsToSave: (table) => rowsWithout(table, effects),
    forRequest(tenant, path) {
      const out: Activation[] = []
      for (const entry of active.values()) {
        if (entry.tenant !== null && entry.tenant !== tenant) continue
        if (entry.matchesPath && !entry.matchesPath(path)) continue
        out.push(entry)
      }
      return out
    },
  }
  return engine
}

/** A scenario acts on one request when the request's own code reads its flag or its intercept answers it. */
const actsOnRequest = (d: ScenarioDefinition) => Boolean(d.flag || d.intercept)

/**
 * The scenarios of one request: those its `X-Sandbox-Scenario` header names (checked as the control API checks
 * them, and kept when their narrowing matches the request), first, then the ones switched on for everyone that
 * it does not name again. Nobody else's request is affected: nothing is stored.
 *
 * The header is as strong as the control API, so it is honoured from the callers the control API answers (SPEC 1,
 * mocks/http/origin.ts): no Origin (a test, curl, an in-process runtime), a local page, the sandbox's own, a
 * `--cors-origin`. A foreign page gets a 403 saying why, never a silently ignored header; and the CORS preflight
 * never grants the header (request-context.ts `preflight`), so no cross-origin page can send it at all.
 */
export function requestScenarios(
  core: SandboxCore,
  req: SandboxRequest,
  header: string,
  tenant: string | null,
  active: readonly Activation[],
): Activation[] {
  const foreign = foreignCaller(req, core.options)
  if (foreign !== null)
    throw new HttpError(
      403,
      'Blocked request: X-Sandbox-Scenario is honoured from local pages and in process only, never from a foreign page.',
      { reason: `X-Sandbox-Scenario from a foreign page (${foreign})` },
    )
  const since = new Date(core.clock.now()).toISOString()
  const own: Activation[] = []
  const named = new Set<string>()
  for (const spec of parseScenarioHeader(header)) {
    const name = spec.name.slice(0, MAX_PATTERN_LENGTH)
    const definition = core.scenarios.definition(spec.name)
    if (!definition) {
      const known = core.scenarios.list().map((d) => d.name)
      badRequest(
        `X-Sandbox-Scenario: no scenario "${name}".${didYouMean(name, known)} Known scenarios: ${known.join(', ')}.`,
        `unknown scenario ${name}`,
      )
    }
    if (!actsOnRequest(definition)) {
      const forOne = core.scenarios
        .list()
        .filter((d) => actsOnRequest(core.scenarios.definition(d.name)!))
        .map((d) => d.name)
      badRequest(
        `X-Sandbox-Scenario: "${name}" changes state or webhook deliveries, not one request: switch it on for ` +
          `everyone with POST /__sandbox/scenarios/${name}. For one request: ${forOne.join(', ')}.`,
      )
    }
    const narrowing = checkNarrowing(core, name, spec)
    const options = mergeOptions(definition, spec.options ?? {})
    named.add(name)
    if (narrowing.tenant !== null && narrowing.tenant !== tenant) continue
    if (narrowing.path !== null && !globMatcher(narrowing.path)(req.path)) continue
    own.push({ name, ...narrowing, options, since })
  }
  return [...own, ...active.filter((a) => !named.has(a.name))]
}
