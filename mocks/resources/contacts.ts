import type { Contact } from '../db/schema.ts'
import { conflict, forbidden } from '../http/errors.ts'
import { absent, ageOn, computed, flag, ref, refs, splitName, text, when } from './fields.ts'
import { attendancesWhere } from './event-attends.ts'
import { removeTagsOf, showTags } from './contact-tags.ts'
import { permission, permissionFor } from './rules.ts'
import { SPEC_FIELDS } from './spec-fields.generated.ts'
import type { ResourceDef } from './types.ts'

const SPEC = SPEC_FIELDS.contacts!

// Contact-contact_write (~7,588,900), plus isNewsletterSubscribed, which Orgo's own curated PATCH example sends.
const WRITE = [...SPEC.create!, 'isNewsletterSubscribed']

/** The 409 wording of Orgo's errors page. */
const DUPLICATE =
  'Cannot create: a resource with this identifier already exists. Please refresh and try again.'

/** People without an account: `GET/POST /api/v1/contacts` (~701,600), `/api/v1/contacts/{id}` (~775,000). */
export const contacts: ResourceDef<Contact> = {
  path: 'contacts',
  type: 'Contact',
  key: 'id',
  specOffset: 701_600,
  fields: {
    name: text,
    email: { type: 'string', format: 'email' },
    phone: text,
    organisation: text,
    role: text,
    twitter: text,
    linkedin: text,
    instagram: text,
    bio: { type: 'string', maxLength: 5000 },
    notes: { type: 'string', maxLength: 5000 },
    country: ref('countries', ['id', 'name']),
    town: ref('towns', ['id', 'name', 'country']),
    localCenter: ref('local_centers', ['id', 'name']),
    // Profile statuses and custom field values are Orgo resources the sandbox holds none of.
    status: ref('profile_statuses', ['id', 'name', 'color']),
    customFieldValues: refs('custom_field_values'),
    // Its ProfileTags' ids (the schema engine's records), embedded as the spec's groups show them.
    tags: { type: 'ref[]', ref: 'profile_tags', none: [], show: showTags },
    isNewsletterSubscribed: flag,
    isEmailConfirmed: flag,
    isValidatedIdentity: flag,
    isValidatedIdentityPending: flag,
    stripeCustomerId: absent,
    companyIdentifier: text,
    companyName: text,
    companyAddress: text,
    professionOrganisationRole: text,
    companyRegNo: text,
    gender: text,
    dateBirth: when,
    dateCreated: when,
    dateUpdated: when,
    lastStatusUpdate: when,
    fullName: computed<Contact>((c) => c.name),
    firstName: computed<Contact>((c) => splitName(c.name).first),
    lastName: computed<Contact>((c) => splitName(c.name).last),
    age: { compute: (c, ctx) => ageOn((c as Contact).dateBirth, ctx.now) },
  },
  // `dateUpdated` is in none of the spec's Contact schemas, but Orgo's sync-your-crm-with-orgo (step 5) polls the
  // list with `dateUpdated[after]` and keeps "the highest `dateUpdated` seen" as its watermark: the list shows it.
  // The item, the writes' answers and the webhooks' `object` (what the item GET shows) keep the spec's
  // contact_read, so `previous_attributes` lists only what the client changed, as the page's example shows.
  groups: { collection: [...SPEC.collection!, 'dateUpdated'], item: SPEC.item! },
  writable: WRITE,
  pageSize: 20,
  filters: {
    name: 'partial',
    email: 'exact',
    town: 'exact',
    country: 'exact',
    isNewsletterSubscribed: 'boolean',
    status: 'exact',
    source: 'exact',
    customFieldValues: 'exact',
    'tags.tag': 'exact',
    search: 'search',
    // Not in the spec's parameters: the docs' delta poll (sync-your-crm-with-orgo, step 5).
    dateUpdated: 'date',
  },
  exists: ['isNewsletterSubscribed'],
  order: ['id', 'name', 'isNewsletterSubscribed', 'dateCreated', 'source', 'dateUpdated'],
  // "Requires HR_LOCAL or FINANCIAL_LOCAL permission [scoped to the contact local center]" (each operation).
  operations: {
    list: permission('HR', 'FINANCIAL'),
    create: permission('HR', 'FINANCIAL'),
    read: permissionFor('HR', 'FINANCIAL'),
    update: permissionFor('HR', 'FINANCIAL'),
    delete: permissionFor('HR', 'FINANCIAL'),
  },
  // A deleted contact's invitations go with it: their hashes must stop opening anything; so do its ProfileTags.
  afterDelete(contact, w) {
    const attends = w.table('event_attends')!
    for (const a of attendancesWhere(attends, 'external', contact.id)) attends.delete(a as never)
    removeTagsOf(contact, w)
  },
  unique: ['email'],
  caseInsensitive: ['email'],
  create: (v, w) => ({
    ...blankContact(),
    ...(v as Partial<Contact>),
    id: w.nextId('contacts'),
    tenant: w.tenant.slug,
    // POST /api/v1/contacts: "Sets the source to MANUAL".
    source: 'MANUAL',
    dateCreated: w.nowIso,
    // Every later write stamps it again (mocks/handlers/resources.ts patchRecord, mocks/workflows/crm.ts).
    dateUpdated: w.nowIso,
  }),
  beforeWrite(v, w, current) {
    // "checks for duplicates against both contacts and existing user accounts, returning HTTP 409".
    if (typeof v.email === 'string') {
      const contact = w.table('contacts')!.findUnique('email' as never, v.email as never)
      const user = w.table('users')!.findUnique('email' as never, v.email as never)
      if ((contact && contact.id !== current?.id) || user) conflict(DUPLICATE)
    }
    // A LOCAL permission writes only its own center's contacts, whichever center the body names.
    if (typeof v.localCenter === 'number' && w.principal.user) {
      const allowed = permissionFor<Contact>(
        'HR',
        'FINANCIAL',
      )({
        principal: w.principal,
        record: { localCenter: v.localCenter } as Contact,
        read: w,
      })
      if (!allowed) forbidden('HR or FINANCIAL permission for that local center required')
    }
  },
  async seed(s) {
    const { faker } = s
    const centers = s
      .table('local_centers')!
      .all()
      .map((c) => c.id)
    const towns = s.table('towns')!.all() as unknown as Array<{ id: number; country: number | null }>
    for (let i = 0; i < s.contactCount; i++) {
      const firstName = faker.person.firstName()
      const lastName = faker.person.lastName()
      // The index keeps generated emails unique even at 100,000 contacts.
      const local = `${firstName}.${lastName}.${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '')
      const town = towns[i % towns.length]
      const contact: Omit<Contact, 'id' | 'tenant'> = {
        ...blankContact(),
        name: `${firstName} ${lastName}`,
        email: `${local}@example.${s.tenant.slug}.test`,
        phone: i % 3 === 0 ? null : faker.phone.number({ style: 'international' }),
        localCenter: centers[i % centers.length] ?? null,
        town: town?.id ?? null,
        country: town?.country ?? null,
        isNewsletterSubscribed: i % 4 === 0,
        source: i % 5 === 0 ? 'IMPORT' : 'MANUAL',
        dateCreated: s.at(-faker.number.int({ min: 1, max: 300 })),
      }
      // Last written when it was made (the faker's draws stay in their order: the same seed, the same contacts).
      await s.insert<Contact>('contacts', { ...contact, dateUpdated: contact.dateCreated })
    }
  },
}

/** Every stored field of a contact with no data. */
export function blankContact(): Omit<Contact, 'id' | 'tenant'> {
  return {
    name: null,
    email: null,
    phone: null,
    organisation: null,
    role: null,
    twitter: null,
    linkedin: null,
    instagram: null,
    bio: null,
    country: null,
    town: null,
    isEmailConfirmed: false,
    isNewsletterSubscribed: false,
    localCenter: null,
    companyIdentifier: null,
    companyName: null,
    companyAddress: null,
    professionOrganisationRole: null,
    companyRegNo: null,
    notes: null,
    gender: null,
    dateBirth: null,
    source: 'MANUAL',
    dateCreated: '',
    tags: [],
  }
}
