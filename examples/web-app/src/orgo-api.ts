// The app's Orgo client: plain fetch against the production URLs. Nothing here knows about the sandbox.

/** Orgo's error envelope `{"title","detail","status"}` (or LexikJWT's `{"code","message"}`) as one error. */
export class OrgoApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** Seconds, on 429 and 503. */
    readonly retryAfter: string | null,
  ) {
    super(`${status}: ${detail}`)
  }
}

export interface Tokens {
  token: string
  refresh_token: string
}

/** Orgo's `{domain, scope, localCenter}`: `HR` at `TENANT` scope covers every local center. */
export interface Permission {
  domain: 'ADMIN' | 'HR' | 'FINANCIAL' | 'EVENT'
  scope: 'TENANT' | 'LOCAL'
  localCenter: number | null
}

/** `GET /api/v1/me` (`user_read_private`, ~100 fields): the few this app reads. */
export interface Me {
  id: number
  email: string
  firstName: string
  lastName: string
  fullName: string
  roles: string[]
  permissions: Permission[]
  tenant: { id: number; name: string; slug: string }
}

/** A contact of `GET /api/v1/contacts` (`contact_card`): one `name`, which may be empty, as may the email. */
export interface Contact {
  id: number
  name: string | null
  email: string | null
}

export type OrgoApi = ReturnType<typeof createOrgoApi>

/** `baseUrl` is the tenant's host, `https://acme.orgo.space`: Orgo finds the tenant from it alone. */
export function createOrgoApi(baseUrl: string) {
  async function call<T>(
    path: string,
    init: { method?: string; token?: string; body?: unknown } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (init.token) headers.Authorization = `Bearer ${init.token}`
    if (init.body !== undefined) headers['Content-Type'] = 'application/json'
    const res = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
    const body = (await res.json().catch(() => undefined)) as
      { detail?: string; message?: string } | undefined
    if (!res.ok) {
      throw new OrgoApiError(
        res.status,
        body?.detail ?? body?.message ?? res.statusText,
        res.headers.get('retry-after'),
      )
    }
    return body as T
  }
  const post = <T>(path: string, body: unknown) => call<T>(path, { method: 'POST', body })
  return {
    /** Email + password: a JWT and a refresh token. */
    login: (email: string, password: string) =>
      post<Tokens>('/api/v1/login-check', { username: email, password }),
    /** Passwordless, step 1: Orgo emails a 6-digit code (and answers 200 whether or not the email exists). */
    requestOtp: (email: string) => post<unknown>('/api/v1/request-login-otp', { email }),
    /** Passwordless, step 2: the code from the email for a JWT. */
    verifyOtp: (email: string, otp: string) => post<Tokens>('/api/v1/verify-login-otp', { email, otp }),
    /** Works with the JWT of any login, and with a "Log in with Orgo" access token (which acts for its user). */
    me: (token: string) => call<Me>('/api/v1/me', { token }),
    /** The first page (20) of the contacts; Orgo lets only an HR or FINANCIAL permission read them. */
    contacts: (token: string) => call<Contact[]>('/api/v1/contacts', { token }),
  }
}
