import { createTenantDb, IdSequence, type Database, type Tenant, type TenantDb } from './database.ts'
import { OAUTH_SCOPES } from './oauth-schema.ts'
import type { Random } from './random.ts'
import { isoDate } from '../resources/fields.ts'
import { RESOURCES, sequenceOf } from '../resources/index.ts'
import type { Row, SeedContext, TableLike } from '../resources/types.ts'

export { SEED_PASSWORD } from '../resources/users.ts'

export interface SeedOptions {
  tenants: string[]
  /** Faker contacts per tenant (plus the invited ones); the large-tenant bench raises it to 100,000. */
  contactsPerTenant?: number
  /** Per-tenant overrides of contactsPerTenant. */
  contactsByTenant?: Record<string, number>
  /** What the seeded dates are reckoned from (`--seed-date`, default today at 09:00 UTC): epoch ms. */
  seedDate: number
}

const KNOWN_TENANTS: Record<string, Omit<Tenant, 'slug'>> = {
  acme: {
    id: 1,
    name: 'Acme Corporation',
    settings: { locale: 'en', timezone: 'Europe/London', currency: 'GBP', primaryColor: '#d9480f' },
  },
  globex: {
    id: 2,
    name: 'Globex Corporation',
    settings: { locale: 'en', timezone: 'America/New_York', currency: 'USD', primaryColor: '#1864ab' },
  },
}

export function describeTenant(slug: string): Tenant {
  const known = KNOWN_TENANTS[slug]
  if (known) return { slug, ...known }
  const name = slug.replace(/(^|-)(\w)/g, (_, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase())
  return {
    // A stable id from the slug: the same tenant has the same id in every run.
    id: 1000 + ([...slug].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 899_000),
    slug,
    name,
    settings: { locale: 'en', timezone: 'UTC', currency: 'EUR', primaryColor: '#2f9e44' },
  }
}

export async function seedDatabase(random: Random, options: SeedOptions): Promise<Database> {
  const db: Database = { tenants: new Map(), ids: new IdSequence() }
  for (const slug of options.tenants) {
    const tenantDb = createTenantDb(describeTenant(slug))
    db.tenants.set(slug, tenantDb)
    const contacts = options.contactsByTenant?.[slug] ?? options.contactsPerTenant ?? 25
    await seedTenant(tenantDb, db.ids, random, contacts, options.seedDate)
  }
  // After every tenant, so adding the apps changed none of the data seeded before them.
  for (const tenantDb of db.tenants.values()) await seedOAuthApp(tenantDb, db.ids, random, options.seedDate)
  return db
}

/** SPEC 9: one OAuth app per tenant, redirecting to `http://localhost:3000/callback`, with all four scopes. */
async function seedOAuthApp(t: TenantDb, ids: IdSequence, random: Random, seedDate: number): Promise<void> {
  await t.oauthApps.insert({
    id: ids.next('oauth_app'),
    tenant: t.tenant.slug,
    name: `${t.tenant.name} Demo App`,
    description: 'The seeded OAuth application: point your app at it to try "Log in with Orgo".',
    clientId: random.hex(32),
    clientSecret: random.hex(64),
    redirectUris: ['http://localhost:3000/callback'],
    scopes: [...OAUTH_SCOPES],
    createdAt: new Date(seedDate).toISOString(),
  })
}

/** Seeds every resource in RESOURCES order, each by its own definition's `seed` (mocks/resources/). */
async function seedTenant(
  t: TenantDb,
  ids: IdSequence,
  random: Random,
  contactCount: number,
  now: number,
): Promise<void> {
  const table = (path: string) => t.tables.get(path) as TableLike<Row> | undefined
  const s: SeedContext = {
    faker: random.faker,
    contactCount,
    table,
    now,
    tenant: { slug: t.tenant.slug, name: t.tenant.name, id: t.tenant.id },
    // Seeds act as nobody: owners are set explicitly.
    principal: { method: 'jwt', tenant: t.tenant.slug, readOnly: false, label: 'seed' },
    nextId: (path) => ids.next(sequenceOf(path)),
    uuid: () => random.uuid(),
    hex: (length) => random.hex(length),
    nowIso: isoDate(now),
    at: (days) => isoDate(now + days * 86_400_000),
    insert: <T extends Row>(path: string, record: Omit<T, 'id' | 'tenant'>) =>
      table(path)!.insert({
        ...record,
        id: ids.next(sequenceOf(path)),
        tenant: t.tenant.slug,
      } as never) as Promise<T>,
  }
  for (const def of RESOURCES) await def.seed?.(s)
}
