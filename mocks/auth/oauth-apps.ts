import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import {
  OAUTH_SCOPES,
  redirectUriProblem,
  type OAuthApp,
  type OAuthAppInput,
  type OAuthScope,
} from '../db/oauth-schema.ts'

export { redirectUriProblem }
export type { OAuthAppInput }
import type { HostInfo } from '../http/parse-host.ts'

export interface OAuthAppProblem {
  path: string
  message: string
  /** Which constraint failed, for the control API's Symfony violation codes. */
  kind: 'blank' | 'too-long' | 'count' | 'url' | 'choice' | 'format' | 'taken'
}

export function isOAuthScope(value: string): value is OAuthScope {
  return (OAUTH_SCOPES as readonly string[]).includes(value)
}

export function oauthAppProblems(input: OAuthAppInput): OAuthAppProblem[] {
  const problems: OAuthAppProblem[] = []
  if (typeof input.name !== 'string' || input.name.trim() === '')
    problems.push({ path: 'name', message: 'This value should not be blank.', kind: 'blank' })
  else if (input.name.length > 255)
    problems.push({
      path: 'name',
      message: 'This value is too long. It should have 255 characters or less.',
      kind: 'too-long',
    })
  if (!Array.isArray(input.redirectUris) || input.redirectUris.length === 0) {
    problems.push({ path: 'redirectUris', message: 'An app needs at least one redirect URI.', kind: 'count' })
  } else {
    input.redirectUris.forEach((uri, i) => {
      const problem =
        typeof uri === 'string' ? redirectUriProblem(uri) : 'This value should be of type string.'
      if (problem) problems.push({ path: `redirectUris[${i}]`, message: problem, kind: 'url' })
    })
  }
  if (input.scopes !== undefined) {
    if (input.scopes.length === 0)
      problems.push({ path: 'scopes', message: 'An app needs at least one scope.', kind: 'count' })
    input.scopes.forEach((scope, i) => {
      if (!isOAuthScope(scope))
        problems.push({
          path: `scopes[${i}]`,
          message: `Unknown scope "${scope}": use ${OAUTH_SCOPES.join(', ')}.`,
          kind: 'choice',
        })
    })
  }
  for (const field of ['clientId', 'clientSecret'] as const) {
    const value = input[field]
    if (value !== undefined && !/^[\x21-\x7e]{8,255}$/.test(value)) {
      problems.push({
        path: field,
        message: 'Use 8 to 255 printable ASCII characters without spaces.',
        kind: 'format',
      })
    }
  }
  return problems
}

/** The tenants whose apps and tokens a host may use: its own, or every tenant on the platform host `app.<base>`. */
export function tenantsFor(core: SandboxCore, host: HostInfo): TenantDb[] {
  if (host.kind === 'platform') return [...core.db.tenants.values()]
  if (host.kind !== 'tenant') return []
  const tenant = core.tenant(host.slug)
  return tenant ? [tenant] : []
}

/** A client_id of another tenant is unknown on this tenant's host: existence is not leaked (SPEC 1). */
export function findOAuthApp(
  core: SandboxCore,
  host: HostInfo,
  clientId: string,
): { app: OAuthApp; tenant: TenantDb } | undefined {
  for (const tenant of tenantsFor(core, host)) {
    const app = tenant.oauthApps.findUnique('clientId', clientId)
    if (app) return { app, tenant }
  }
  return undefined
}

/** Validates and stores an app; throws an Error naming the fields to fix (422 at the control API, exit at start-up). */
export async function createOAuthApp(core: SandboxCore, input: OAuthAppInput): Promise<OAuthApp> {
  const slug = input.tenant ?? core.options.defaultTenant
  const tenant = core.tenant(slug)
  const problems = oauthAppProblems(input)
  if (!tenant)
    problems.unshift({
      path: 'tenant',
      message: `No tenant "${slug}": use one of ${[...core.db.tenants.keys()].join(', ')}.`,
      kind: 'choice',
    })
  if (
    input.clientId !== undefined &&
    [...core.db.tenants.values()].some((t) => t.oauthApps.findUnique('clientId', input.clientId!))
  ) {
    problems.push({
      path: 'clientId',
      message: `The client_id "${input.clientId}" is already taken.`,
      kind: 'taken',
    })
  }
  if (problems.length || !tenant) throw new OAuthAppInvalid(problems)
  const app = await tenant.oauthApps.insert({
    id: core.db.ids.next('oauth_app'),
    tenant: slug,
    name: input.name.trim(),
    description: input.description?.trim() ?? '',
    clientId: input.clientId ?? core.random.hex(32),
    clientSecret: input.clientSecret ?? core.random.hex(64),
    redirectUris: [...new Set(input.redirectUris)],
    scopes: input.scopes ? [...new Set(input.scopes.filter(isOAuthScope))] : [...OAUTH_SCOPES],
    createdAt: new Date(core.clock.now()).toISOString(),
  })
  core.change('oauth-app.created', slug, `OAuth app "${app.name}" (${app.clientId})`, {
    clientId: app.clientId,
  })
  return app
}

export class OAuthAppInvalid extends Error {
  constructor(readonly problems: OAuthAppProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'))
  }
}

/** The control API's view of an app: secrets in clear, wire names for the credentials. */
export function describeOAuthApp(app: OAuthApp) {
  return {
    tenant: app.tenant,
    id: app.id,
    name: app.name,
    description: app.description,
    client_id: app.clientId,
    client_secret: app.clientSecret,
    redirectUris: app.redirectUris,
    scopes: app.scopes,
    createdAt: app.createdAt,
  }
}

const FLAG_KEYS = new Set([
  'name',
  'description',
  'redirect',
  'scopes',
  'tenant',
  'client_id',
  'client_secret',
])

/**
 * `--oauth-app 'name=My app,redirect=http://localhost:5173/cb,scopes=profile email'`: comma-separated
 * `key=value` pairs; `redirect` may repeat. Throws an Error that says what to change.
 */
export function parseOAuthAppFlag(text: string): OAuthAppInput {
  const input: OAuthAppInput = { name: '', redirectUris: [] }
  for (const part of text.split(',')) {
    if (part.trim() === '') continue
    const eq = part.indexOf('=')
    const key = (eq === -1 ? part : part.slice(0, eq)).trim()
    const value = eq === -1 ? '' : part.slice(eq + 1).trim()
    if (!FLAG_KEYS.has(key)) {
      throw new Error(
        `--oauth-app "${text}": unknown key "${key}" (use ${[...FLAG_KEYS].join(', ')}; values cannot contain commas)`,
      )
    }
    if (key === 'redirect') input.redirectUris.push(value)
    else if (key === 'scopes') input.scopes = value.split(/\s+/).filter(Boolean)
    else if (key === 'client_id') input.clientId = value
    else if (key === 'client_secret') input.clientSecret = value
    else input[key as 'name' | 'description' | 'tenant'] = value
  }
  const problems = oauthAppProblems(input)
  if (problems.length)
    throw new Error(`--oauth-app "${text}": ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`)
  return input
}

/** `SandboxOptions.oauthApps` (`--oauth-app`), created after seeding and after every reset. */
export async function createConfiguredOAuthApps(core: SandboxCore): Promise<void> {
  for (const [i, input] of core.options.oauthApps.entries()) {
    try {
      await createOAuthApp(core, input)
    } catch (error) {
      // Configuration mistakes fail at start-up, naming the app to fix (STYLE: errors).
      throw new Error(`OAuth app #${i + 1} ("${input.name}"): ${(error as Error).message}`)
    }
  }
}

/** `oauthApps` of `/__sandbox/state`: every app with its secret and the tokens it holds, in clear (SPEC 10). */
export function listOAuthApps(core: SandboxCore) {
  return [...core.db.tenants.values()].flatMap((t) => {
    const tokens = t.oauthTokens.all()
    return t.oauthApps.all().map((app) => ({
      ...describeOAuthApp(app),
      tokens: tokens
        .filter((k) => k.clientId === app.clientId)
        .map((k) => ({
          kind: k.kind,
          token: k.id,
          user: t.users.get(k.userId)?.email ?? null,
          scopes: k.scopes,
          expiresAt: k.expiresAt,
          revokedAt: k.revokedAt,
        })),
    }))
  })
}
