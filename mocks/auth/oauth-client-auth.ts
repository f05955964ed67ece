import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { OAuthApp } from '../db/oauth-schema.ts'
import { FORM_TYPE, mediaType } from '../http/body.ts'
import { OAuthError } from '../http/errors.ts'
import type { HostInfo } from '../http/parse-host.ts'
import type { SandboxRequest } from '../http/types.ts'
import { findOAuthApp } from './oauth-apps.ts'
import { hostOfTenant } from './mix-ups.ts'

// Helpers that never return (navikt's OAuth2Exception.kt): RFC 6749 5.2 errors.
export function invalidRequest(description: string): never {
  throw new OAuthError(400, 'invalid_request', description)
}
export function invalidGrant(description: string): never {
  throw new OAuthError(400, 'invalid_grant', description)
}

/** RFC 6749 3.2: form-encoded POST only; RFC 6749 3.1/3.2 parameters must not repeat. */
export async function readTokenForm(req: SandboxRequest): Promise<URLSearchParams> {
  if (mediaType(req) !== FORM_TYPE) invalidRequest(`The request body must be ${FORM_TYPE}.`)
  const form = new URLSearchParams(await req.text())
  const seen = new Set<string>()
  for (const key of form.keys()) {
    if (seen.has(key)) invalidRequest(`The parameter "${key}" is repeated.`)
    seen.add(key)
  }
  return form
}

/**
 * SPEC 6, as Orgo refuses it: a secret and a PKCE verifier together. Auth.js and openid-client send both by
 * default, so the description names each library's fix (RFC 6749 5.2: no double quote or backslash in it).
 */
export const SECRET_AND_VERIFIER =
  'Send client_secret or code_verifier, not both. Auth.js and openid-client send both by default: ' +
  "a public client drops the secret (Auth.js client: { token_endpoint_auth_method: 'none' }, no clientSecret; " +
  'openid-client client.None()), a confidential one drops PKCE ' +
  "(Auth.js checks: ['state']; openid-client: no code_challenge, no pkceCodeVerifier)."
export const NO_CLIENT_PROOF =
  'Client authentication failed: send client_secret (HTTP Basic or the body) or, for a public client, ' +
  'the PKCE code_verifier of the code_challenge sent to /oauth/authorize.'

export interface AuthenticatedClient {
  app: OAuthApp
  tenant: TenantDb
  /** Whether a correct client_secret came with the request (body or Basic). */
  secret: boolean
  /** RFC 6749 5.2: an invalid_client after Basic must challenge with the scheme the client used. */
  basic: boolean
}

export function invalidClient(description: string, basic: boolean, hint?: string): never {
  throw new OAuthError(
    401,
    'invalid_client',
    description,
    basic ? { 'WWW-Authenticate': 'Basic realm="Orgo sandbox"' } : {},
    hint,
  )
}

/** A client_id unknown here but registered by another tenant: the hint names it (its host's /oauth/token). */
function otherTenantClient(core: SandboxCore, host: HostInfo, req: SandboxRequest, clientId: string) {
  for (const [slug, tenant] of core.db.tenants) {
    if (!tenant.oauthApps.findUnique('clientId', clientId)) continue
    const here = host.kind === 'tenant' ? core.tenant(host.slug) : undefined
    const where = here ? hostOfTenant(core, here, req.host, slug) : `${slug}'s tenant host`
    return `client_id "${clientId.slice(0, 80)}" is an OAuth app of tenant "${slug}": send /oauth/token to ${where} (or the platform host app.<base>).`
  }
  return undefined
}

function parseBasic(header: string | null): { clientId: string; secret: string } | 'malformed' | null {
  if (header === null || !/^basic\s/i.test(header.trim())) return null
  try {
    const decoded = atob(header.trim().slice(6).trim())
    const colon = decoded.indexOf(':')
    if (colon === -1) return 'malformed'
    // RFC 6749 2.3.1: both parts are form-urlencoded before base64.
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))
    return { clientId: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) }
  } catch {
    return 'malformed'
  }
}

/** RFC 6749 2.3.1: client_secret in the body or by HTTP Basic, never both; a client_id alone identifies a PKCE client. */
export function authenticateClient(
  core: SandboxCore,
  host: HostInfo,
  req: SandboxRequest,
  form: URLSearchParams,
): AuthenticatedClient {
  const basicHeader = parseBasic(req.header('authorization'))
  if (basicHeader === 'malformed')
    invalidClient('The Basic credentials are malformed (RFC 6749 2.3.1).', true)
  const basic = basicHeader !== null
  if (basicHeader && form.has('client_secret'))
    invalidRequest('Send client_secret in the body or by HTTP Basic, not both (RFC 6749 2.3).')
  const bodyId = form.get('client_id')
  if (basicHeader && bodyId !== null && bodyId !== basicHeader.clientId)
    invalidClient('client_id differs from the Basic credentials.', true)
  const clientId = basicHeader?.clientId ?? bodyId
  if (!clientId) invalidClient('Client authentication failed: no client_id.', basic)
  const found = findOAuthApp(core, host, clientId)
  if (!found)
    invalidClient(
      'Client authentication failed: unknown client_id.',
      basic,
      otherTenantClient(core, host, req, clientId),
    )
  const secret = basicHeader?.secret ?? form.get('client_secret')
  if (secret !== null && secret !== found.app.clientSecret)
    invalidClient('Client authentication failed: wrong client_secret.', basic)
  return { ...found, secret: secret !== null, basic }
}
