import { arrayOf, boolean, nullable, number, oneOf, refine, shape, string } from './shape.ts'

// Record shapes of the OAuth 2.0 server (SPEC 6). Kept beside schema.ts so the OAuth tables read as one unit.
type Timestamp = string

export const OAUTH_SCOPES = ['profile', 'email', 'groups', 'roles'] as const
export type OAuthScope = (typeof OAUTH_SCOPES)[number]

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** SPEC 6: exact-match URIs; `http` only for loopback (RFC 8252 7.3), no fragment (RFC 6749 3.1.2). */
export function redirectUriProblem(uri: string): string | null {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return 'This value is not a valid URL.'
  }
  if (url.hash !== '' || uri.includes('#'))
    return 'A redirect URI must not contain a fragment (RFC 6749 3.1.2).'
  if (url.protocol === 'https:') return null
  if (url.protocol === 'http:') {
    const host = url.hostname.toLowerCase()
    // The parsed host: an IPv4 literal in 127/8, not a name that merely starts with `127.` (findings L2).
    if (LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(host))
      return null
    return 'http is allowed only for localhost and loopback addresses: use https.'
  }
  // RFC 8252 7.1: native apps use a private-use scheme named after a domain they own (com.example.app:/cb).
  if (/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/.test(url.protocol)) return null
  return 'Only https, loopback http and reverse-domain private-use schemes (RFC 8252 7.1) are allowed.'
}

export interface OAuthApp {
  id: number
  tenant: string
  name: string
  description: string
  clientId: string
  // Test credentials are kept in clear: the control API shows them, like the Firebase emulator does.
  clientSecret: string
  redirectUris: string[]
  scopes: OAuthScope[]
  createdAt: Timestamp
}

/** One pass through the authorize pages, from the sign-in page to Allow or Deny. */
export interface OAuthFlow {
  id: string
  tenant: string
  clientId: string
  redirectUri: string
  /** RFC 6749 4.1.3: the token request must repeat redirect_uri only when the authorization request had it. */
  redirectUriGiven: boolean
  scopes: OAuthScope[]
  state: string | null
  codeChallenge: string | null
  userId: number | null
  /** Shown only on the consent page, required by the consent POST: Allow cannot be forged without it. */
  consentToken: string | null
  expiresAt: Timestamp
  createdAt: Timestamp
}

export interface OAuthCode {
  id: string
  tenant: string
  clientId: string
  userId: number
  redirectUri: string
  redirectUriGiven: boolean
  scopes: OAuthScope[]
  codeChallenge: string | null
  expiresAt: Timestamp
  usedAt: Timestamp | null
  createdAt: Timestamp
}

/** Access and refresh tokens; `codeId` ties every token of one grant together (RFC 6749 4.1.2 replay revokes them). */
export interface OAuthToken {
  id: string
  kind: 'access' | 'refresh'
  tenant: string
  clientId: string
  userId: number
  scopes: OAuthScope[]
  codeId: string
  /** How the grant's client authenticated: a PKCE-only client refreshes with its client_id alone. */
  clientAuth: 'secret' | 'pkce'
  expiresAt: Timestamp
  revokedAt: Timestamp | null
  createdAt: Timestamp
}

const scopes = arrayOf(oneOf(OAUTH_SCOPES))

export const oauthAppSchema = shape<OAuthApp>({
  id: number,
  tenant: string,
  name: string,
  description: string,
  clientId: string,
  clientSecret: string,
  // The same rule as the control API's: an app from a db.json file may not redirect anywhere either.
  redirectUris: arrayOf(
    refine(string, (uri) => {
      const problem = redirectUriProblem(uri)
      return problem && `${uri.slice(0, 100)}: ${problem}`
    }),
  ),
  scopes,
  createdAt: string,
})

export const oauthFlowSchema = shape<OAuthFlow>({
  id: string,
  tenant: string,
  clientId: string,
  redirectUri: string,
  redirectUriGiven: boolean,
  scopes,
  state: nullable(string),
  codeChallenge: nullable(string),
  userId: nullable(number),
  consentToken: nullable(string),
  expiresAt: string,
  createdAt: string,
})

export const oauthCodeSchema = shape<OAuthCode>({
  id: string,
  tenant: string,
  clientId: string,
  userId: number,
  redirectUri: string,
  redirectUriGiven: boolean,
  scopes,
  codeChallenge: nullable(string),
  expiresAt: string,
  usedAt: nullable(string),
  createdAt: string,
})

export const oauthTokenSchema = shape<OAuthToken>({
  id: string,
  kind: oneOf(['access', 'refresh']),
  tenant: string,
  clientId: string,
  userId: number,
  scopes,
  codeId: string,
  clientAuth: oneOf(['secret', 'pkce']),
  expiresAt: string,
  revokedAt: nullable(string),
  createdAt: string,
})

/** What creates an app: `POST /__sandbox/oauth-apps`, `--oauth-app` and `SandboxOptions.oauthApps`. */
export interface OAuthAppInput {
  /** Owning tenant; the default tenant when absent. */
  tenant?: string
  name: string
  description?: string
  redirectUris: string[]
  /** Defaults to all four scopes, like the seeded app. */
  scopes?: string[]
  /** Pinned credentials, so an app's `.env` survives restarts; generated from the seed when absent. */
  clientId?: string
  clientSecret?: string
}
