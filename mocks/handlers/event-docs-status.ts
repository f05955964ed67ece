import { API } from '../resources/engine/serialize.ts'
import type { Route } from './route.ts'

/** Orgo's docs spell an event's status in capitals (create-and-sell-event-tickets: `DRAFT`, `PUBLISHED`). */
export const DOCS_EVENT_STATUS: Readonly<Record<string, string>> = { DRAFT: 'draft', PUBLISHED: 'published' }

/**
 * The events' generic POST and PATCH, told the docs' status spelling: the body is read (it is kept for the
 * route), the use logged, and the resource's `beforeWrite` stores the spec's lower case (mocks/resources/events.ts).
 */
export function withDocsStatus(generic: Route): Route {
  const ours =
    (generic.method === 'POST' && generic.path === `${API}/events`) ||
    (generic.method === 'PATCH' && generic.path === `${API}/events/:id`)
  if (!ours) return generic
  return {
    ...generic,
    async handle(ctx) {
      let status: unknown
      try {
        status = (JSON.parse(await ctx.req.text()) as { status?: unknown } | null)?.status
      } catch {
        // Not JSON: the route's own reading answers it.
      }
      if (typeof status === 'string' && status in DOCS_EVENT_STATUS)
        ctx.core.change(
          'docs.form',
          ctx.tenant.tenant.slug,
          `${generic.method} ${ctx.req.path}: the docs' status "${status}" (create-and-sell-event-tickets) taken as the spec's "${DOCS_EVENT_STATUS[status]}"`,
        )
      return generic.handle(ctx)
    },
  }
}
