// "Log in with Orgo" for a browser app: authorization code + PKCE (RFC 7636), a public client without a secret.

export interface OAuthClient {
  /** The tenant's host, `https://acme.orgo.space`. */
  issuer: string
  clientId: string
  redirectUri: string
  scope: string
}

export interface PendingLogin {
  /** Send the browser there (`location.assign`): Orgo's sign-in and consent pages, then a 302 to `redirect_uri`. */
  authorizeUrl: string
  state: string
  verifier: string
}

export interface OAuthTokens {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  refresh_token: string
  scope: string
}

/** The user said no, or the authorization server refused the request (RFC 6749 4.1.2.1). */
export class OAuthLoginError extends Error {
  constructor(
    readonly error: string,
    readonly description: string | null,
  ) {
    super(description ?? error)
  }
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)))

/** RFC 7636 4.1-4.2: a random verifier, its S256 challenge in the authorize URL. */
export async function beginLogin(client: OAuthClient): Promise<PendingLogin> {
  const verifier = randomString()
  const state = randomString()
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  )
  const query = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: client.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })
  return { authorizeUrl: `${client.issuer}/oauth/authorize?${query}`, state, verifier }
}

/** The redirect back to `redirect_uri`: check the state (RFC 6749 10.12), then redeem the code with the verifier. */
export async function finishLogin(
  client: OAuthClient,
  pending: PendingLogin,
  callback: URL,
): Promise<OAuthTokens> {
  const params = callback.searchParams
  if (params.get('state') !== pending.state)
    throw new OAuthLoginError('invalid_state', 'The state does not match: start again.')
  const error = params.get('error')
  if (error) throw new OAuthLoginError(error, params.get('error_description'))
  const code = params.get('code')
  if (!code) throw new OAuthLoginError('invalid_request', 'The redirect carries no code.')
  const res = await fetch(`${client.issuer}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: client.redirectUri,
      client_id: client.clientId,
      code_verifier: pending.verifier,
    }),
  })
  const body = (await res.json()) as OAuthTokens & { error?: string; error_description?: string }
  if (!res.ok) throw new OAuthLoginError(body.error ?? `http_${res.status}`, body.error_description ?? null)
  return body
}
