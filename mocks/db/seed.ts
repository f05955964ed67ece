import { createTenantDb, IdSequence, type Database, type Tenant, type TenantDb } from './database.ts'
import { OAUTH_SCOPES } from './oauth-schema.ts'
import type { Random } from './random.ts'

export const SEED_PASSWORD = 'password'

export interface SeedOptions {
  tenants: string[]
  /** Faker contacts per tenant (plus the invited ones); the large-tenant bench raises it to 100,000. */
  contactsPerTenant?: number
  /** Per-tenant overrides of contactsPerTenant. */
  contactsByTenant?: Record<string, number>
}

// Fixed reference date: data must not change with the day the sandbox starts.
const REF_DATE = new Date('2026-01-05T09:00:00.000Z')

const KNOWN_TENANTS: Record<string, Omit<Tenant, 'slug'>> = {
  acme: {
    name: 'Acme Corporation',
    settings: { locale: 'en', timezone: 'Europe/London', currency: 'GBP', primaryColor: '#d9480f' },
  },
  globex: {
    name: 'Globex Corporation',
    settings: { locale: 'en', timezone: 'America/New_York', currency: 'USD', primaryColor: '#1864ab' },
  },
}

export function describeTenant(slug: string): Tenant {
  const known = KNOWN_TENANTS[slug]
  if (known) return { slug, ...known }
  const name = slug.replace(/(^|-)(\w)/g, (_, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase())
  return {
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
    await seedTenant(tenantDb, db.ids, random, contacts)
  }
  // After every tenant, so adding the apps changed none of the data seeded before them.
  for (const tenantDb of db.tenants.values()) await seedOAuthApp(tenantDb, db.ids, random)
  return db
}

/** SPEC 9: one OAuth app per tenant, redirecting to `http://localhost:3000/callback`, with all four scopes. */
async function seedOAuthApp(t: TenantDb, ids: IdSequence, random: Random): Promise<void> {
  await t.oauthApps.insert({
    id: ids.next('oauth_app'),
    tenant: t.tenant.slug,
    name: `${t.tenant.name} Demo App`,
    description: 'The seeded OAuth application: point your app at it to try "Log in with Orgo".',
    clientId: random.hex(32),
    clientSecret: random.hex(64),
    redirectUris: ['http://localhost:3000/callback'],
    scopes: [...OAUTH_SCOPES],
    createdAt: REF_DATE.toISOString(),
  })
}

async function seedTenant(t: TenantDb, ids: IdSequence, random: Random, contactCount: number): Promise<void> {
  const { faker } = random
  const slug = t.tenant.slug
  const at = (days: number) => new Date(REF_DATE.getTime() + days * 86_400_000).toISOString()

  const admin = await t.users.insert({
    id: ids.next('user'),
    tenant: slug,
    email: `admin@${slug}.test`,
    firstName: 'Ada',
    lastName: 'Admin',
    roles: ['ROLE_ADMIN'],
    password: SEED_PASSWORD,
    createdAt: at(-365),
  })
  const member = await t.users.insert({
    id: ids.next('user'),
    tenant: slug,
    email: `member@${slug}.test`,
    firstName: 'Max',
    lastName: 'Member',
    roles: ['ROLE_MEMBER'],
    password: SEED_PASSWORD,
    createdAt: at(-200),
  })
  const memberIds = [member.id]
  for (let i = 0; i < 8; i++) {
    const firstName = faker.person.firstName()
    const lastName = faker.person.lastName()
    const user = await t.users.insert({
      id: ids.next('user'),
      tenant: slug,
      email: faker.internet.email({ firstName, lastName, provider: `${slug}.test` }).toLowerCase(),
      firstName,
      lastName,
      roles: ['ROLE_MEMBER'],
      password: SEED_PASSWORD,
      createdAt: at(-faker.number.int({ min: 1, max: 300 })),
    })
    memberIds.push(user.id)
  }

  const contactIds: number[] = []
  for (let i = 0; i < contactCount; i++) {
    const firstName = faker.person.firstName()
    const lastName = faker.person.lastName()
    // The index keeps generated emails unique even at 100,000 contacts.
    const local = `${firstName}.${lastName}.${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '')
    const contact = await t.contacts.insert({
      id: ids.next('contact'),
      tenant: slug,
      email: `${local}@example.${slug}.test`,
      firstName,
      lastName,
      phone: i % 3 === 0 ? null : faker.phone.number({ style: 'international' }),
      createdAt: at(-faker.number.int({ min: 1, max: 300 })),
    })
    contactIds.push(contact.id)
  }

  await t.groups.insert({
    id: ids.next('group'),
    tenant: slug,
    name: 'Board',
    description: 'The board of directors.',
    memberIds: [admin.id],
  })
  await t.groups.insert({
    id: ids.next('group'),
    tenant: slug,
    name: 'Volunteers',
    description: 'Everyone who helps out at events.',
    memberIds: memberIds.slice(0, 5),
  })

  const published = await t.events.insert({
    id: random.uuid(),
    tenant: slug,
    title: `${t.tenant.name} Annual Meetup`,
    description: faker.lorem.paragraph(),
    location: faker.location.city(),
    startsAt: at(60),
    endsAt: at(60.25),
    published: true,
    createdAt: at(-30),
  })
  await t.events.insert({
    id: random.uuid(),
    tenant: slug,
    title: 'Draft: Summer Workshop',
    description: faker.lorem.paragraph(),
    location: faker.location.city(),
    startsAt: at(150),
    endsAt: at(150.2),
    published: false,
    createdAt: at(-3),
  })
  for (const contactId of contactIds.slice(0, 3)) {
    await t.eventAttends.insert({
      id: ids.next('event_attend'),
      tenant: slug,
      eventId: published.id,
      contactId,
      status: 'invited',
      comment: null,
      hash: random.hex(40),
      createdAt: at(-29),
    })
  }

  const form = await t.forms.insert({
    id: ids.next('form'),
    tenant: slug,
    title: 'Membership application',
    description: 'Apply to become a member.',
    published: true,
    createdAt: at(-100),
  })
  await t.formSubmissions.insert({
    id: ids.next('form_submission'),
    tenant: slug,
    formId: form.id,
    userId: member.id,
    data: { motivation: faker.lorem.sentence() },
    submittedAt: at(-10),
  })

  await t.apiTokens.insert({
    id: ids.next('api_token'),
    tenant: slug,
    userId: admin.id,
    name: 'Read/write integration',
    token: random.hex(64),
    isReadOnly: false,
    expiresAt: null,
    revokedAt: null,
    createdAt: at(-20),
  })
  await t.apiTokens.insert({
    id: ids.next('api_token'),
    tenant: slug,
    userId: admin.id,
    name: 'Read-only analytics',
    token: random.hex(64),
    isReadOnly: true,
    expiresAt: null,
    revokedAt: null,
    createdAt: at(-20),
  })
}
