import type { Faker } from '@faker-js/faker'
import { schema, schemaNames, type TypeNode } from '../spec/index.ts'
import {
  dateMaker,
  int,
  latitude,
  longitude,
  money,
  numberMaker,
  pick,
  type Draw,
  type Make,
  type Maker,
} from './fake-draw.ts'

// What a real Orgo tenant holds in a plain property (issue 23 item 3), read from its name and type once per
// class: a maker per property that fake.ts calls per record. The name decides where it says more than the type
// (`contactEmail`, `customMinPrice`, `dateTimeEnd`), then the spec's default, then the type alone. Words come
// from short lists of an association's life: faker's templated ones cost ~10 µs a value and read oddly.

/** A rule: the names it takes, what it draws, whether it reads siblings, how often a nullable one is set. */
type Rule = readonly [RegExp, (d: Draw, prop: string) => unknown, { late?: boolean; fill?: number }?]

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const fullName = (d: Draw) => `${d.person().first} ${d.person().last}`
const handle = (d: Draw) => `${d.person().first}${d.person().last}`.toLowerCase().replace(/[^a-z0-9]/g, '')
const dotted = (d: Draw) => `${d.person().first}.${d.person().last}`.toLowerCase().replace(/[^a-z0-9.]/g, '')
const hex = (f: Faker, length: number) => f.string.hexadecimal({ length, casing: 'lower', prefix: '' })

const CITIES = ['Bucharest', 'Cluj-Napoca', 'Iasi', 'Timisoara', 'Lyon', 'Lisbon', 'Ghent', 'Leipzig', 'Graz']
const STREETS = ['Main Street', 'Strada Lipscani', 'Rue de la Paix', 'Calea Victoriei', 'Park Lane']
const ADJECTIVES = [
  'Annual',
  'Local',
  'Open',
  'Community',
  'Spring',
  'Regional',
  'Youth',
  'Members',
  'Winter',
]
const TOPICS = ['volunteering', 'education', 'fundraising', 'environment', 'culture', 'health', 'mentoring']
const EVENTS = [
  'Workshop',
  'Meetup',
  'Conference',
  'Fundraiser',
  'General Assembly',
  'Training',
  'Volunteer Day',
]
const TEAMS = ['Working Group', 'Team', 'Committee', 'Volunteers']
const SDGS = ['Quality Education', 'Climate Action', 'Gender Equality', 'Good Health', 'Sustainable Cities']
const city = (d: Draw) => pick(d.faker, CITIES)
const topic = (f: Faker) => pick(f, TOPICS)
const words = (f: Faker) => `${pick(f, ADJECTIVES)} ${topic(f)}`
const SENTENCES: readonly ((f: Faker) => string)[] = [
  (f) => `Join us for an afternoon of ${topic(f)} with members from ${pick(f, CITIES)}.`,
  (f) => `Our ${topic(f)} programme is open to every member and volunteer.`,
  (f) => `Please register before the ${pick(f, EVENTS).toLowerCase()}; places are limited.`,
  (f) => `Thank you for supporting our work in ${topic(f)} this year.`,
  (f) => `Notes from the ${pick(f, EVENTS).toLowerCase()} in ${pick(f, CITIES)}: next steps agreed.`,
]
const sentence = (d: Draw) => pick(d.faker, SENTENCES)(d.faker)

/** What a record's `name` is, by its class (`Product` -> a product, `Town` -> a city). */
const NAMES: readonly [RegExp, Make][] = [
  [/^(Contact|User|EventSpeaker|TrainingTrainer|Identity|FamilyMember)$/, fullName],
  [/Price/, (d) => pick(d.faker, ['Standard', 'Reduced', 'Student', 'Early bird', 'Supporter', 'Family'])],
  [
    /^Product/,
    (d) => pick(d.faker, ['Annual membership', 'Monthly donation', 'Event ticket', 'Supporter pack']),
  ],
  [/^Event/, (d) => `${pick(d.faker, ADJECTIVES)} ${pick(d.faker, EVENTS)} ${city(d)}`],
  [/^(Company|Tenant)$/, (d) => d.faker.company.name()],
  [/^Country$/, (d) => d.faker.location.country()],
  [/^(County|Region)$/, (d) => d.faker.location.county()],
  [/^Town$/, city],
  [
    /^(LocalCenter|Unit|FamilyEntity)$/,
    (d) => `${city(d)} ${pick(d.faker, ['Chapter', 'Branch', 'Circle'])}`,
  ],
  [/^Course/, (d) => `${pick(d.faker, ['Introduction to', 'Advanced', 'Basics of'])} ${topic(d.faker)}`],
  [/^(Group|SupportTeam|UserList|Project)/, (d) => `${cap(topic(d.faker))} ${pick(d.faker, TEAMS)}`],
  [/Newsletter|Email/, (d) => `${d.faker.date.month()} newsletter`],
]

const STRIPE: Readonly<Record<string, string>> = {
  ustomer: 'cus',
  rice: 'price',
  roduct: 'prod',
  ccount: 'acct',
}
const text = (d: Draw) => sentence(d)

/** String properties by name, the first match winning. */
const STRINGS: readonly Rule[] = [
  [/^(e?mail|replyTo)$|Email$/, (d) => `${dotted(d)}.${d.index}@example.${d.tenant.slug}.test`],
  [/[pP]hone(Number|LocalNumber|NumberSample)?$/, (d) => `+407${d.faker.string.numeric(8)}`],
  [/^phoneNumberPrefix$/, () => '+40'],
  [/Country$/, (d) => pick(d.faker, ['RO', 'FR', 'DE', 'NL', 'ES', 'IT'])],
  [/^firstName$/, (d) => d.person().first],
  [/^lastName$/, (d) => d.person().last],
  [/[fF]ullName$|^(billing|speaker|sender)Name$/, fullName],
  [/^(nickname|username|userIdentifier)$/, handle],
  [/^name[A-Z][a-z]$/, (d) => d.values.name ?? words(d.faker), { late: true }],
  [/^namePlural$/, (d) => `${String(d.values.name ?? topic(d.faker))}s`, { late: true }],
  [/^nameWithCounty$/, (d) => `${city(d)}, ${d.faker.location.county()}`],
  [
    /^(companyName|legalName|organisation|professionOrganisation|entity|issuer)$/,
    (d) => d.faker.company.name(),
  ],
  [/^taxName$/, () => 'VAT'],
  [
    /^(title|seoTitle|contentTitle|subject|label)$|Headline$/,
    (d) => `${words(d.faker)} ${pick(d.faker, EVENTS)}`,
  ],
  [/^slug/, (d) => slug(d), { late: true }],
  [/^(html\w*|docContent|registrationFormText)$/, (d) => `<p>${sentence(d)}</p>`],
  [/^cssRaw$/, (d) => `.hero { color: ${d.faker.color.rgb()}; }`],
  [/[vV]ideo/, (d) => `https://www.youtube.com/watch?v=${d.faker.string.alphanumeric(11)}`],
  [
    /(^logo|Logo|[iI]mage(Url)?$|^thumbnail$|[cC]over|^hero|^avatar|^photo|^mediaUrl$)/,
    (d) => `https://picsum.photos/seed/${d.faker.string.alphanumeric(8)}/800/600`,
  ],
  [
    /^(twitter|linkedin|instagram|(facebook|instagram|twitter)Url|profile(?!Website)[A-Z]\w*)$/,
    (d, prop) => `https://${prop.replace(/^profile|Url$/g, '').toLowerCase()}.com/${handle(d)}`,
    { fill: 0.4 },
  ],
  [/^meet$/, (d) => `https://meet.google.com/${d.faker.string.alpha({ length: 10, casing: 'lower' })}`],
  [/([wW]ebsite|[uU]rl|[lL]ink)$/, (d) => `https://www.${topic(d.faker)}-${city(d).toLowerCase()}.org/`],
  [/[cC]olou?r/, (d) => d.faker.color.rgb()],
  [/[iI]ban/, (d) => d.faker.finance.iban({ formatted: false, countryCode: 'RO' })],
  [/[bB]ic$/, (d) => d.faker.finance.bic()],
  [
    /^(address\w*|\w+Address|location)$/,
    (d) => `${int(d.faker, 1, 250)} ${pick(d.faker, STREETS)}, ${city(d)}`,
  ],
  [/^(postalCode|zip\w*)$/, (d) => d.faker.location.zipCode('######')],
  [/^(city|town)$/, city],
  [/^country$/, (d) => d.faker.location.country()],
  [/^(region|county|state)$/, (d) => d.faker.location.county()],
  [/^(geoLocation|geoLatLong)$/, (d) => `${latitude(d.faker)},${longitude(d.faker)}`],
  [/Latitude$/, (d) => String(latitude(d.faker))],
  [/Longitude$/, (d) => String(longitude(d.faker))],
  [/^place(sApi)?Id$/, (d) => `ChIJ${d.faker.string.alphanumeric(23)}`],
  [/[cC]urrency$/, () => 'EUR'],
  [/^language$/, (d) => pick(d.faker, ['en', 'ro', 'fr'])],
  [/^timezone$/, (d) => pick(d.faker, ['Europe/Bucharest', 'Europe/Paris', 'Europe/London'])],
  [/^iso3$/, (d) => d.faker.location.countryCode('alpha-3')],
  [/^(code|voucherCode)$/, (d) => d.faker.string.alphanumeric({ length: 8, casing: 'upper' })],
  [/^gender$/, (d) => pick(d.faker, ['male', 'female'])],
  [/^educationStatus$/, (d) => pick(d.faker, ['HIGHSCHOOL', 'UNIVERSITY', 'UNIVERSITY-DEGREE'])],
  [/^status|Status$/, (d) => pick(d.faker, ['active', 'pending', 'completed'])],
  [/^mapPlaceName$/, city],
  [/ParentName$/, (d) => `${city(d)} Chapter`],
  [/^series$/, (d) => d.tenant.slug.slice(0, 3).toUpperCase()],
  [/^source$/, (d) => pick(d.faker, ['MANUAL', 'IMPORT', 'FORM', 'API'])],
  [/^tags$/, (d) => d.faker.helpers.arrayElements(TOPICS, { min: 1, max: 3 }).join(', ')],
  [/[uU]uid$|^uid$|^deviceIdentifier$/, (d) => d.faker.string.uuid()],
  [/[hH]ash$|^(salt|seal)$|[tT]oken$|[sS]ecret$/, (d) => hex(d.faker, 32)],
  [/^password(Encoder|HasherName)$/, () => 'bcrypt'],
  [/[pP]assword$/, (d) => `$2y$13$${d.faker.string.alphanumeric(53)}`],
  [/[sS]tripe/, (d, prop) => stripeId(d.faker, prop)],
  [/^lastIp$/, (d) => d.faker.internet.ipv4()],
  [/[vV]atNumber$/, (d) => `RO${d.faker.string.numeric(8)}`],
  [/(registrationNumber|RegistrationNumber|legalNumber|RegNo|companyIdentifier)$/, (d) => regNo(d)],
  [/^(idNumber|personalNumber|idSerial|cardId)/, (d) => d.faker.string.numeric(10)],
  [
    /^(role|position|professionOrganisationRole)$/,
    (d) => `${d.faker.person.jobArea()} ${d.faker.person.jobType()}`,
  ],
  [/^profession[A-Z]|^employeeStatus$/, (d) => d.faker.person.jobArea()],
  [/^(budget|discountValue|\w*DiscountAmount|fee\w*)$/, (d) => money(d.faker, 5, 500).toFixed(2)],
  [/^total\w+$/, (d) => String(int(d.faker, 0, 120))],
  [/^emoji$/, (d) => pick(d.faker, ['🎉', '📣', '✅', '🙌'])],
  [/^formatted\w*Time$/, (d) => `${int(d.faker, 1, 30)} days`],
  [/^icon$/, (d) => pick(d.faker, ['calendar', 'users', 'star', 'heart', 'flag'])],
  [/^mediaType$/, (d) => pick(d.faker, ['image/jpeg', 'image/png', 'application/pdf'])],
  [/^fieldType$/, (d) => pick(d.faker, ['text', 'select', 'checkbox', 'date'])],
  [/^method$/, (d) => pick(d.faker, ['card', 'bank_transfer', 'cash'])],
  [/^triggerEvent$/, (d) => pick(d.faker, webhookEvents())],
  [/Formatted$/, (d, prop) => formatted(d.values[prop.slice(0, -'Formatted'.length)]), { late: true }],
  [/([bB]io|[nN]otes?|^comment\w*|^memo)$/, text, { fill: 0.5 }],
  [
    /^(description\w*|content|body|message|excerpt|explanation|conclusion|answer\d?|question|footer|header)$/,
    text,
  ],
  [
    /(Summary|[rR]eason|Message|Text|Description|Cause)$|^(activities|goal|target|partners|advertising)$/,
    text,
  ],
]
const regNo = (d: Draw) => `J40/${int(d.faker, 100, 99999)}/${int(d.faker, 1995, 2025)}`
const slug = (d: Draw) => {
  const from = d.values.name ?? d.values.title ?? words(d.faker)
  return `${d.faker.helpers
    .slugify(String(from))
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')}-${d.index + 1}`
}
function stripeId(f: Faker, prop: string): string {
  const kind = Object.entries(STRIPE).find(([tail]) => prop.includes(tail))
  return `${kind?.[1] ?? 'pi'}_${f.string.alphanumeric(14)}`
}
const formatted = (value: unknown) =>
  typeof value === 'string' ? value.slice(0, 10).split('-').reverse().join('.') : null

/** Names whose thing usually has not happened: `null` where the spec allows it. */
export const USUALLY_NULL =
  /[dD]elete|[cC]ancel|[rR]efund|[dD]eclin|[rR]eject|[rR]esign|[eE]rror|Ended$|^import|^old|^parent(Id|Uuid)$|Requested|[iI]mpersonat|[cC]ooldown/

let events: string[] | undefined
/** The events a webhook subscribes to (`contact.created`): the spec's `Webhook.*` payloads' `event` enums. */
const webhookEvents = () =>
  (events ??= schemaNames()
    .filter((name) => name.startsWith('Webhook.'))
    .flatMap((name) => {
      const event = schema(name)?.props.event
      return event?.kind === 'enum' ? event.values.map(String) : []
    }))

/** A list of strings by its name; most are maps or logs that start empty (`[]`, as PHP serializes one). */
export function stringListMaker(prop: string): Make {
  if (prop === 'languages') return (d) => (d.index % 3 === 0 ? ['en', 'ro'] : ['en'])
  if (prop === 'daysOfTheWeek') return (d) => d.faker.helpers.arrayElements(['monday', 'wednesday', 'friday'])
  if (prop === 'sdg') return (d) => d.faker.helpers.arrayElements(SDGS, { min: 1, max: 3 })
  if (prop === 'eventTypes') return (d) => d.faker.helpers.arrayElements(webhookEvents(), { min: 1, max: 3 })
  if (/^(ticketTypes|fieldOptions|options|categories)$/.test(prop))
    return (d) => d.faker.helpers.arrayElements(TOPICS, { min: 1, max: 3 }).map(cap)
  return () => []
}

/** A scalar property (`str`, `int`, `num`, `bool`, `any`, date-time, enum): by name, default, then type. */
export function scalarMaker(
  prop: string,
  type: TypeNode,
  nullable: boolean,
  className: string,
  siblings: ReadonlySet<string>,
): Maker {
  const fallback = type.default
  if (type.kind === 'enum')
    return {
      make: (d) => (fallback !== undefined && d.index % 2 === 0 ? fallback : pick(d.faker, type.values)),
    }
  if (type.kind === 'str' && type.format === 'date-time') return dateMaker(prop, siblings)
  if (type.kind === 'str' && type.format === 'email') return stringMaker('email', nullable, className)!
  if (type.kind === 'str' && type.format === 'uri') return stringMaker('url', nullable, className)!
  if (type.kind === 'str') {
    if (typeof fallback === 'string' && fallback !== '') return { make: () => fallback }
    // `isOpen`, `hasAvailableResults` typed `str?`: a yes/no the spec gives no words for.
    if (/^(is|has)[A-Z]/.test(prop)) return { make: () => (nullable ? null : 'false') }
    return stringMaker(prop, nullable, className) ?? { make: (d) => cap(topic(d.faker)) }
  }
  if (type.kind === 'int' || type.kind === 'num') {
    const rule = numberMaker(prop, type.kind, siblings)
    if (rule && (rule.strong || typeof fallback !== 'number')) return rule
    if (typeof fallback === 'number') return { make: () => fallback }
    if (/Id$/.test(prop)) return { make: (d) => int(d.faker, 1, 50) }
    return { make: type.kind === 'int' ? (d) => int(d.faker, 1, 100) : (d) => money(d.faker, 1, 1000) }
  }
  if (type.kind === 'bool' || (type.kind === 'any' && /^(is|has|can)[A-Z]/.test(prop))) {
    const likely = typeof fallback === 'boolean' ? (fallback ? 0.8 : 0.2) : truthy(prop)
    return { make: (d) => d.faker.datatype.boolean(likely) }
  }
  // `any` (an entity's leaked getters: `Collection.keys`, `isExpired`): null is one of its values.
  return { make: type.kind === 'any' ? () => null : (d) => cap(topic(d.faker)) }
}

/** A string by its name: a record's `name` by its class, then the STRINGS rules; `undefined` if none fits. */
function stringMaker(prop: string, nullable: boolean, className: string): Maker | undefined {
  if (prop === 'name')
    return { make: NAMES.find(([test]) => test.test(className))?.[1] ?? ((d) => words(d.faker)) }
  const found = STRINGS.find(([test]) => test.test(prop))
  if (!found) return undefined
  const [, rule, options] = found
  const fill = nullable ? options?.fill : undefined
  const make: Make = fill
    ? (d) => (d.faker.datatype.boolean(fill) ? rule(d, prop) : null)
    : (d) => rule(d, prop)
  return { make, late: options?.late }
}

function truthy(prop: string): number {
  if (/Active|Enabled|Public|Published|Valid|Confirmed|Subscribed|Eligible|Joinable|Open/.test(prop))
    return 0.85
  if (
    /Deleted|Archived|Hidden|Locked|Disabled|Cancel|Refunded|Rejected|Failed|Expired|Draft|Admin/.test(prop)
  )
    return 0.1
  return 0.5
}
