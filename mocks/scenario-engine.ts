import type { SandboxCore } from './core.ts'
import { badRequest, notFound } from './http/errors.ts'
import type { SandboxRequest, SandboxResponse } from './http/types.ts'

/** Where an activation applies: a tenant and/or a path pattern (`/api/v1/events*`), or everywhere. */
export interface Narrowing {
  tenant?: string | null
  path?: string | null
}

export interface Activation {
  name: string
  tenant: string | null
  path: string | null
  options: Record<string, number | string | boolean>
  since: string
}

/**
 * One scenario, one file in `scenarios/`. Behaviour comes in three kinds, mixed as needed:
 * - `flag`: while on, `core.flags` holds the name for matching requests, and the auth code reads it;
 * - `intercept`: runs before routing, like an MSW handler prepended with `server.use()`; answer or pass;
 * - `apply`: a change of state with its undo, so switching off restores exactly what was there.
 */
export interface ScenarioDefinition {
  name: string
  description: string
  flag?: boolean
  /** Option defaults; an activation may override them (`{"options":{"latencyMs":300}}`). */
  defaults?: Record<string, number | string | boolean>
  intercept?(
    req: SandboxRequest,
    core: SandboxCore,
    activation: Activation,
  ): SandboxResponse | undefined | Promise<SandboxResponse | undefined>
  apply?(core: SandboxCore, activation: Activation): Promise<() => Promise<void> | void>
}

interface Active extends Activation {
  definition: ScenarioDefinition
  pathPattern: RegExp | null
  undo?: () => Promise<void> | void
}

export interface ScenarioEngine {
  readonly size: number
  list(): Array<{
    name: string
    description: string
    defaults: Record<string, unknown>
    active: Activation | null
  }>
  active(): Activation[]
  enable(name: string, narrowing?: Narrowing, options?: Record<string, unknown>): Promise<Activation>
  disable(name: string): Promise<boolean>
  disableAll(): Promise<void>
  /** The activations that shape this request, in the order they were switched on. */
  forRequest(tenant: string | null, path: string): Activation[]
  definition(name: string): ScenarioDefinition | undefined
}

/** `*` matches any run of characters; everything else is literal. */
function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`)
}

/** `getCore` is read lazily: the engine is built inside the sandbox it belongs to. */
export function createScenarioEngine(
  getCore: () => SandboxCore,
  definitions: readonly ScenarioDefinition[],
): ScenarioEngine {
  const byName = new Map(definitions.map((d) => [d.name, d]))
  const active = new Map<string, Active>()
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
        active: active.has(d.name) ? plain(active.get(d.name)!) : null,
      })),
    active: () => [...active.values()].map(plain),
    definition: (name) => byName.get(name),
    async enable(name, narrowing = {}, options = {}) {
      const core = getCore()
      const definition = byName.get(name)
      if (!definition) notFound(`No scenario "${name}". Known scenarios: ${[...byName.keys()].join(', ')}.`)
      const tenant = narrowing.tenant ?? null
      if (tenant !== null && !core.tenant(tenant))
        badRequest(`Cannot narrow "${name}" to tenant "${tenant}": no such tenant.`)
      const path = narrowing.path ?? null
      if (path !== null && !path.startsWith('/'))
        badRequest(`The path pattern must start with "/", e.g. "/api/v1/events*"; got "${path}".`)
      const merged: Record<string, number | string | boolean> = { ...definition.defaults }
      for (const [key, value] of Object.entries(options)) {
        const expected = definition.defaults?.[key]
        if (expected === undefined) badRequest(`Scenario "${name}" has no option "${key}".`)
        if (typeof value !== typeof expected)
          badRequest(`Option "${key}" of "${name}" must be a ${typeof expected}.`)
        if (typeof value === 'number' && (!Number.isFinite(value) || value < 0))
          badRequest(`Option "${key}" must be a number >= 0.`)
        merged[key] = value as number | string | boolean
      }
      // Switching on again re-narrows: undo the previous activation first so effects never stack.
      await engine.disable(name)
      const entry: Active = {
        name,
        tenant,
        path,
        options: merged,
        since: new Date(core.clock.now()).toISOString(),
        definition,
        pathPattern: path === null ? null : globToRegExp(path),
      }
      if (definition.apply) entry.undo = await definition.apply(core, plain(entry))
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
      await entry.undo?.()
      getCore().change('scenario.off', entry.tenant, `Scenario ${name} off`, { name })
      return true
    },
    async disableAll() {
      for (const name of [...active.keys()].reverse()) await engine.disable(name)
    },
    forRequest(tenant, path) {
      const out: Activation[] = []
      for (const entry of active.values()) {
        if (entry.tenant !== null && entry.tenant !== tenant) continue
        if (entry.pathPattern && !entry.pathPattern.test(path)) continue
        out.push(entry)
      }
      return out
    },
  }
  return engine
}
