import { refreshSession, startSession } from '../auth/sessions.ts'
import { assertContentType, JSON_TYPES, nestsTooDeep, readFormOrJson } from '../http/body.ts'
import { badRequest, tooManyRequests, unauthorized } from '../http/errors.ts'
import { json } from '../http/respond.ts'
import { route, type Route, type RouteContext } from './route.ts'

/**
 * Orgo Authentication page, "JWT": `POST /api/v1/login-check` with `{username, password}` answers
 * `{token, refresh_token}`. Body errors use Symfony's json_login wording, as the real stack does.
 */
async function loginCheck(ctx: RouteContext) {
  const limit = ctx.core.limiters.login.hit(ctx.req.clientAddress)
  if (!limit.ok) tooManyRequests(limit.retryAfterSeconds)
  assertContentType(ctx.req, JSON_TYPES)
  const text = await ctx.req.text()
  let body: unknown
  // json_login decodes with json_decode's 512-level limit too, and answers any decode failure the same way.
  if (nestsTooDeep(text)) badRequest('Invalid JSON.', 'JSON nested deeper than 512 levels')
  try {
    body = JSON.parse(text)
  } catch {
    badRequest('Invalid JSON.')
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) badRequest('Invalid JSON.')
  const { username, password } = body as Record<string, unknown>
  for (const [key, value] of [
    ['username', username],
    ['password', password],
  ] as const) {
    if (value === undefined) badRequest(`The key "${key}" must be provided.`)
    if (typeof value !== 'string') badRequest(`The key "${key}" must be a string.`)
  }
  const user = ctx.tenant.users.findUnique('email', (username as string).trim())
  // One message for an unknown email and a wrong password: no account enumeration.
  // A self-registered user without a password has none to log in with (OTP instead).
  if (!user || user.password === '' || user.password !== password)
    unauthorized('Invalid credentials.', { reason: user ? 'wrong password' : 'unknown email' })
  return json(await startSession(ctx.core, ctx.tenant, user))
}

export const jwtRoutes: Route[] = [
  route.post('/api/v1/login-check', loginCheck),
  // Orgo's own front end posts to /api/v1/login; same firewall, same answers.
  route.post('/api/v1/login', loginCheck),
  route.post('/api/v1/token/refresh', async (ctx) => {
    const type = ctx.req.header('content-type')
    // gesdinet reads the token from a JSON body, a form body or the query string.
    const body = type ? await readFormOrJson(ctx.req) : {}
    const value = body.refresh_token ?? ctx.req.query.get('refresh_token') ?? undefined
    return json(await refreshSession(ctx.core, ctx.tenant, value))
  }),
  // Sandbox choice (SPEC 4): the public signing keys, so clients can verify tokens offline.
  route.get(
    '/.well-known/jwks.json',
    async (ctx) => json(await ctx.core.jwt.jwks(), 200, { 'Cache-Control': 'public, max-age=300' }),
    'any',
  ),
]
