import { hasPermission } from '../auth/permissions.ts'
import type { Principal } from '../auth/principal.ts'
import type { Contact, Event, EventAttend } from '../db/schema.ts'
import { conflict, forbidden } from '../http/errors.ts'
import { absent, flag, integer, ref, refs, text, when } from './fields.ts'
import { labelled, signedIn } from './rules.ts'
import type { Access, ReadContext, ResourceDef, Row, TableLike } from './types.ts'
import { SPEC_FIELDS } from './spec-fields.generated.ts'

// Attendances: `/api/v1/event_attends` (~2,148,000), `/{id}` (~2,192,500), the base `EventAttend` write schema
// (~8,306,000). `external` is the invited contact; `hash` is its X-Contact-Hash and QR check-in code.

// `EventAttend-event_attend_read` (the collection, POST, PATCH and confirm answers: the spec's `write`) and
// `EventAttend-event_attend_read_event_attend_detail` (`GET /api/v1/event_attends/{id}`).
const SPEC = SPEC_FIELDS.event_attends!

// The base `EventAttend` schema (~8,306,000), less `hash`: the contact's credential is the server's to make.
const WRITE = SPEC.create!.filter((name) => name !== 'hash')

/** The attendee's user as `event_attend_read` embeds it. */
const USER_EMBED = [
  ...['id', 'firstName', 'lastName', 'email', 'type', 'fullName', 'isFeeActive', 'isExpiredValidFeeDate'],
  ...['townCurrent', 'mapLatitude', 'mapLongitude', 'mapPlaceName', 'logo', 'phoneNumber', 'validFeeDate'],
  ...[
    'validLocalFeeDate',
    'postalCode',
    'address',
    'professionOrganisation',
    'professionOrganisationWebsite',
  ],
  ...['professionOrganisationRole', 'companyIdentifier', 'companyName', 'companyAddress', 'companyRegNo'],
  ...['isExpiredValidLocalFeeDate', 'isLocalFeeActive'],
]

/** The contact as the attendance detail embeds it (`external`, `purchasedByContact`). */
const CONTACT_DETAIL = [
  ...[
    'id',
    'name',
    'email',
    'phone',
    'organisation',
    'role',
    'twitter',
    'linkedin',
    'instagram',
    'logo',
    'bio',
  ],
  ...['country', 'town', 'companyIdentifier', 'companyName', 'companyAddress', 'customFieldValues'],
  ...['professionOrganisationRole', 'companyRegNo', 'status', 'lastStatusUpdate', 'fullName', 'firstName'],
  'lastName',
]

/**
 * An event's, a user's or a contact's attendances, from the table's index on that field (each is an exact
 * filter of the resource, so it is indexed): no scan of every attendance of the tenant.
 */
export function attendancesWhere(
  table: TableLike<Row>,
  field: 'event' | 'user' | 'external',
  id: number,
): EventAttend[] {
  return [...(table.idsWhere(field as never, id) ?? [])].map(
    (key) => table.get(key as number) as unknown as EventAttend,
  )
}

/** The event's owner, or an EVENT permission: who organises an attendance. */
export function isOrganiser(
  principal: Principal,
  attend: Pick<EventAttend, 'event'>,
  read: ReadContext,
): boolean {
  return isEventOrganiser(principal, read.table('events')?.get(attend.event) as Event | undefined)
}

/** The event's owner, or an EVENT permission. */
export function isEventOrganiser(principal: Principal, event: Event | undefined): boolean {
  const user = principal.user
  if (!user) return false
  return event?.owner === user.id || hasPermission(user, ['EVENT'])
}

/**
 * Whether the principal answers for this attendance as its attendee: its own user, the hash's own contact, or
 * an OTP user whose verified email is the contact's (Orgo Authentication page).
 */
export function isAttendee(principal: Principal, attend: EventAttend, read: ReadContext): boolean {
  if (principal.method === 'contact-hash') return principal.eventAttendId === attend.id
  if (principal.user && attend.user === principal.user.id) return true
  const contact =
    attend.external === null
      ? undefined
      : (read.table('contacts')?.get(attend.external) as Contact | undefined)
  const email = principal.verifiedEmail
  return email !== undefined && !!contact?.email && contact.email.toLowerCase() === email.toLowerCase()
}

/** A record of the schema engine's table (made once a flow wrote one), or undefined. */
function engineRecord(ctx: ReadContext, resource: string, id: unknown): Record<string, unknown> | undefined {
  return typeof id === 'number'
    ? (ctx.schemaTable?.(resource)?.get(id) as Record<string, unknown> | undefined)
    : undefined
}

/** `ProductPrice-event_attend_read` (~9,295,800): `{currency, price, name}`, with `@id`/`@type` in JSON-LD. */
function priceEmbed(
  id: unknown,
  ctx: ReadContext,
  format: 'jsonld' | 'json',
): Record<string, unknown> | null {
  const price = engineRecord(ctx, 'product_prices', id)
  if (!price) return null
  const body = { currency: price.currency ?? null, price: price.price ?? null, name: price.name ?? null }
  return format === 'jsonld'
    ? { '@id': `/api/v1/product_prices/${String(id)}`, '@type': 'ProductPrice', ...body }
    : body
}

/** `ProductPayment-event_attend_read` (~9,252,300): its amount, state, quantity and price. */
function paymentEmbed(
  id: unknown,
  ctx: ReadContext,
  format: 'jsonld' | 'json',
): Record<string, unknown> | null {
  const payment = engineRecord(ctx, 'product_payments', id)
  if (!payment) return null
  const body = {
    amount: payment.amount ?? 0,
    isRefunded: payment.isRefunded ?? null,
    price: priceEmbed(payment.price, ctx, format),
    status: payment.status ?? 'open',
    quantity: payment.quantity ?? 1,
    quantityRefunded: payment.quantityRefunded ?? 0,
    voucherCode: payment.voucherCode ?? null,
  }
  return format === 'jsonld'
    ? { '@id': `/api/v1/product_payments/${String(id)}`, '@type': 'ProductPayment', ...body }
    : body
}

const organiserOrAttendee = labelled<EventAttend>(
  "the event's owner, EVENT permission, or the attendee",
  ({ principal, record, read }: Access<EventAttend>) =>
    record !== undefined && (isOrganiser(principal, record, read) || isAttendee(principal, record, read)),
)

export const eventAttends: ResourceDef<EventAttend> = {
  path: 'event_attends',
  type: 'EventAttend',
  key: 'id',
  specOffset: 2_148_000,
  fields: {
    event: {
      ...ref('events', [
        'id',
        'uuid',
        'name',
        'meetExists',
        'dateTimeBegin',
        'dateTimeEnd',
        'settings',
        'isPast',
      ]),
      required: true,
    },
    user: ref('users', USER_EMBED),
    external: {
      ...ref('contacts', [
        ...['id', 'name', 'email', 'phone', 'organisation', 'role', 'linkedin', 'logo', 'country', 'town'],
        ...['fullName', 'firstName', 'lastName'],
      ]),
      embedIn: { item: CONTACT_DETAIL },
    },
    statusRsvp: text,
    statusRegistration: text,
    isInvited: flag,
    hash: absent,
    canceledAt: when,
    dateCreated: when,
    detailsFilledAt: when,
    detailsToken: text,
    importInvoiceId: integer,
    upcomingReminderSent: { type: 'boolean' },
    oneHourReminderSent: { type: 'boolean' },
    purchasedBy: ref('users', USER_EMBED),
    purchasedByContact: ref('contacts', CONTACT_DETAIL),
    parentAttendee: ref('event_attends'),
    // A ticket's payment and price are the schema engine's records (mocks/workflows/tickets*.ts), embedded as
    // `ProductPayment-event_attend_read` and `ProductPrice-event_attend_read` give them.
    productPayment: { ...ref('product_payments'), show: (id, ctx, format) => paymentEmbed(id, ctx, format) },
    productPrice: { ...ref('product_prices'), show: (id, ctx, format) => priceEmbed(id, ctx, format) },
    // Imports, invoices, add-ons and custom field values: Orgo resources the sandbox holds none of.
    import: ref('imports'),
    invoice: ref('invoices'),
    addons: refs('event_attend_addons'),
    customFieldValues: refs('custom_field_values'),
  },
  groups: { collection: SPEC.collection!, item: SPEC.item!, write: SPEC.write! },
  writable: WRITE,
  // "page size up to 100": the spec's default `itemsPerPage` here is 100.
  pageSize: 100,
  filters: {
    event: 'exact',
    user: 'exact',
    external: 'exact',
    statusRsvp: 'exact',
    statusRegistration: 'exact',
    isInvited: 'boolean',
    'event.type': 'exact',
    productPrice: 'exact',
  },
  exists: ['external', 'user', 'canceledAt', 'parentAttendee'],
  order: ['user.lastName', 'event.dateTimeBegin', 'user.validFeeDate', 'isInvited'],
  // "ordered by ID descending".
  defaultOrder: ['id', 'desc'],
  operations: {
    list: signedIn,
    // Self-registration: any signed-in user registers; inviting someone else is the organiser's (beforeWrite).
    create: signedIn,
    read: organiserOrAttendee,
    update: organiserOrAttendee,
    delete: organiserOrAttendee,
  },
  actions: [
    {
      method: 'POST',
      path: '/api/v1/event_attend_invite_external',
      who: "the event's owner, or EVENT permission",
      does: 'invites a contact by email ({"entity": {"email", "event"}}), mails the magic link; 201',
    },
    {
      method: 'POST',
      path: '/api/v1/event_attends/{id}/confirm',
      who: "the event's owner, or EVENT permission",
      does: 'sets statusRegistration to success and mails the ticket; 201',
    },
    {
      method: 'PATCH',
      path: '/api/v1/event_attends/{id}',
      who: 'the attendee (X-Contact-Hash, own user, OTP email)',
      does: 'answers its own statusRsvp (merge-patch); anything else is a 400',
    },
  ],
  visibleTo: ({ principal }) =>
    principal.user && !hasPermission(principal.user, ['EVENT'])
      ? (row) => row.user === principal.user!.id
      : undefined,
  // "Returns event attendances for the current user" (by_event, `GET /api/v1/user_event_attends`).
  scopes: { by_event: (row, principal) => !!principal?.user && row.user === principal.user.id },
  unique: ['hash'],
  beforeWrite(v, w, current) {
    if (current) return
    const self = w.principal.user?.id ?? null
    if (v.user === undefined && v.external === undefined) v.user = self
    const event = v.event as number | undefined
    if (event === undefined) return
    const someoneElse = (v.user ?? null) !== self || v.external != null
    if (someoneElse && !isOrganiser(w.principal, { event }, w))
      forbidden('only the event owner or an EVENT permission registers someone else')
    // "prevents duplicate registrations".
    const taken = attendancesWhere(w.table('event_attends')!, 'event', event).some(
      (a) => (v.user != null && a.user === v.user) || (v.external != null && a.external === v.external),
    )
    if (taken)
      conflict('Cannot create: a resource with this identifier already exists. Please refresh and try again.')
    if (someoneElse) v.isInvited = true
  },
  create: (v, w) => ({
    ...blankAttend(w.nowIso),
    ...(v as Partial<EventAttend>),
    id: w.nextId('event_attends'),
    tenant: w.tenant.slug,
    event: v.event as number,
    hash: w.hex(32),
  }),
  async seed(s) {
    const event = s.table('events')!.all()[0]
    const contacts = s.table('contacts')!.slice(0, 3)
    if (!event) return
    for (const contact of contacts)
      await s.insert<EventAttend>('event_attends', {
        ...blankAttend(s.at(-29)),
        event: event.id,
        external: contact.id,
        isInvited: true,
        hash: s.hex(32),
      })
  },
}

export function blankAttend(dateCreated: string): Omit<EventAttend, 'id' | 'tenant' | 'event' | 'hash'> {
  return {
    user: null,
    external: null,
    statusRsvp: null,
    statusRegistration: null,
    isInvited: false,
    canceledAt: null,
    dateCreated,
  }
}
