import type { SandboxCore } from '../core-types.ts'
import { isoDate } from '../resources/fields.ts'
import { EVENT_NAMES } from './events.ts'

// Issue 24 item 7, `stripe listen --forward-to` for Orgo: `--forward-webhooks URL` subscribes URL to every event of
// every tenant at start and after each reset, so a receiver gets everything with no API call first.

export const FORWARD_NAME = 'Forwarded by --forward-webhooks'

export async function forwardWebhooks(core: SandboxCore, url: string): Promise<void> {
  const [{ recordsOf, schemaTable }, { operation, resource }, { validateWrite }] = await Promise.all([
    import('../schema/store.ts'),
    import('../spec/index.ts'),
    import('../schema/validate.ts'),
  ])
  const spec = resource('webhook_subscriptions')!
  const create = operation(spec.methods.create!)!
  const now = isoDate(core.clock.now())
  for (const t of core.db.tenants.values()) {
    const table = schemaTable(core, t, spec)
    // A --db file may hold it from a run before: the same URL is the same subscription (Orgo's upsert).
    if (table.all().some((sub) => sub.url === url)) continue
    // The create's own validation gives it the spec's defaults (active, 3 retries, 30 s), as POST would.
    const values = validateWrite(
      create,
      {
        name: FORWARD_NAME,
        url,
        eventTypes: [...EVENT_NAMES],
        description: 'Every event of this tenant, to the URL the sandbox was started with.',
      },
      'create',
      recordsOf(core, t),
    )
    table.insertNow({
      ...values,
      id: core.db.ids.next(spec.name),
      tenant: t.tenant.slug,
      createdAt: now,
      updatedAt: now,
    })
  }
}
