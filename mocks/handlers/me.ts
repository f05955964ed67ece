import { notFound } from '../http/errors.ts'
import { users } from '../resources/index.ts'
import { renderRecord } from './resources.ts'
import { route, type Route } from './route.ts'

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
    const response = renderRecord(ctx, users, user, 200, { group: 'private' })
    return { ...response, headers: { ...response.headers, 'X-Sandbox-Auth-Method': principal.method } }
  }),
]
