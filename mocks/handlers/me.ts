import type { User } from '../db/schema.ts'
import { writeCount } from '../db/write-counter.ts'
import { notFound } from '../http/errors.ts'
import { negotiate } from '../http/hydra.ts'
import type { SandboxResponse } from '../http/types.ts'
import { users } from '../resources/index.ts'
import { renderRecord } from './resources.ts'
import { route, type RouteContext, type Route } from './route.ts'

const DAY_MS = 86_400_000

/**
 * The last rendering of each user's `/me`, reused while nothing in the sandbox has been written and the UTC day
 * is the same: `/me` is the hottest read a front end makes (issue 13) and its 101 fields are pure of the record,
 * the tables (any write bumps `writeCount()`), the tenant, the format and, for `age`, the day. Records are never
 * mutated in place (a write stores a new version), so a WeakMap on the record drops stale ones with it.
 */
const rendered = new WeakMap<User, { key: string; response: SandboxResponse }>()

function renderMe(ctx: RouteContext, user: User): SandboxResponse {
  const key = `${negotiate(ctx.req)} ${writeCount()} ${Math.floor(ctx.core.clock.now() / DAY_MS)}`
  const hit = rendered.get(user)
  if (hit?.key === key) return hit.response
  const response = renderRecord(ctx, users, user, 200, { group: 'private' })
  rendered.set(user, { key, response })
  return response
}

/**
 * `GET /api/v1/me` (~5,785,000): the caller's own full profile in `user_read_private`, with `permissions` and
 * `tenant {id, name, slug}`, whatever credential it came with. How it authenticated is the request log's and
 * the `X-Sandbox-Auth-Method` header's to say, never the body's (no sandbox-only keys in API bodies).
 */
export const meRoutes: Route[] = [
  route.get('/api/v1/me', async (ctx) => {
    const principal = await ctx.auth()
    // "404": an X-Contact-Hash acts for a contact, who has no user profile.
    const user = principal.user
    if (!user) notFound()
    const { status, body, headers } = renderMe(ctx, user)
    // A fresh headers object each time: the dispatcher adds the request's own (X-Request-Id, CORS). A literal, not
    // a spread: an object spread builds a shape that every header added later migrates, 8 µs a request (issue 13).
    const type = headers['Content-Type']!
    const location = headers['Content-Location']
    const method = principal.method
    const fresh: Record<string, string> =
      location === undefined
        ? { 'Content-Type': type, 'X-Sandbox-Auth-Method': method }
        : { 'Content-Type': type, 'Content-Location': location, 'X-Sandbox-Auth-Method': method }
    return { status, body, headers: fresh }
  }),
]
