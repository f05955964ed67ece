import { z } from 'zod'

// Record shapes of the OAuth 2.0 server (SPEC 6). Kept beside schema.ts so the OAuth tables read as one unit.
const timestamp = z.string()

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

export const oauthAppSchema = z.object({
  id: z.number(),
  tenant: z.string(),
  name: z.string(),
  description: z.string(),
  clientId: z.string(),
  // Test credentials are kept in clear: the control API shows them, like the Firebase emulator does.
  clientSecret: z.string(),
  // The same rule as the control API's: an app from a db.json file may not redirect anywhere either.
  redirectUris: z.array(
    z.string().superRefine((uri, ctx) => {
      const problem = redirectUriProblem(uri)
      if (problem) ctx.addIssue({ code: 'custom', message: `${uri.slice(0, 100)}: ${problem}` })
    }),
  ),
  scopes: z.array(z.enum(OAUTH_SCOPES)),
  createdAt: timestamp,
})

/** One pass through the authorize pages, from the sign-in page to Allow or Deny. */
export const oauthFlowSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  clientId: z.string(),
  redirectUri: z.string(),
  /** RFC 6749 4.1.3: the token request must repeat redirect_uri only when the authorization request had it. */
  redirectUriGiven: z.boolean(),
  scopes: z.array(z.enum(OAUTH_SCOPES)),
  state: z.string().nullable(),
  codeChallenge: z.string().nullable(),
  userId: z.number().nullable(),
  /** Shown only on the consent page, required by the consent POST: Allow cannot be forged without it. */
  consentToken: z.string().nullable(),
  expiresAt: timestamp,
  createdAt: timestamp,
})

export const oauthCodeSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  clientId: z.string(),
  userId: z.number(),
  redirectUri: z.string(),
  redirectUriGiven: z.boolean(),
  scopes: z.array(z.enum(OAUTH_SCOPES)),
  codeChallenge: z.string().nullable(),
  expiresAt: timestamp,
  usedAt: timestamp.nullable(),
  createdAt: timestamp,
})

/** Access and refresh tokens; `codeId` ties every token of one grant together (RFC 6749 4.1.2 replay revokes them). */
export const oauthTokenSchema = z.object({
  id: z.string(),
  kind: z.enum(['access', 'refresh']),
  tenant: z.string(),
  clientId: z.string(),
  userId: z.number(),
  scopes: z.array(z.enum(OAUTH_SCOPES)),
  codeId: z.string(),
  /** How the grant's client authenticated: a PKCE-only client refreshes with its client_id alone. */
  clientAuth: z.enum(['secret', 'pkce']),
  expiresAt: timestamp,
  revokedAt: timestamp.nullable(),
  createdAt: timestamp,
})

export type OAuthApp = z.infer<typeof oauthAppSchema>
export type OAuthFlow = z.infer<typeof oauthFlowSchema>
export type OAuthCode = z.infer<typeof oauthCodeSchema>
export type OAuthToken = z.infer<typeof oauthTokenSchema>
