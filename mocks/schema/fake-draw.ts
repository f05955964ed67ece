import type { Faker } from '@faker-js/faker'
import { isoDate } from '../resources/fields.ts'

// What a maker of fake values reads (one object being drawn), and the numbers and dates a real Orgo tenant
// holds, by property name (issue 23 item 3): counters, amounts, positions, ages, a pair's upper value above its
// lower one, dates around the sandbox clock with an end after its begin (fake-values.ts does the strings).

export interface Person {
  first: string
  last: string
}

/** What a maker reads while one object is drawn. */
export interface Draw {
  readonly faker: Faker
  readonly now: number
  /** The object's place in its batch (0-based): positions, document numbers, unique emails and slugs. */
  readonly index: number
  readonly tenant: { slug: string; name: string; id: number }
  /** The values drawn so far for this object (a `late` maker reads the others'). */
  readonly values: Readonly<Record<string, unknown>>
  /** One person per object, so its names, email and username agree. */
  person(): Person
}

export type Make = (d: Draw) => unknown
/** A maker; `late` when it reads other values of the object (slug from name, end from begin). */
export interface Maker {
  make: Make
  late?: boolean
}

export const HOUR = 3_600_000
export const DAY = 24 * HOUR
export const int = (f: Faker, min: number, max: number) => f.number.int({ min, max })
export const money = (f: Faker, min: number, max: number) => f.number.int({ min: min * 4, max: max * 4 }) / 4
export const pick = <T>(f: Faker, list: readonly T[]) => f.helpers.arrayElement(list)
export const latitude = (f: Faker) => f.location.latitude({ min: 44, max: 48, precision: 6 })
export const longitude = (f: Faker) => f.location.longitude({ min: 21, max: 28, precision: 6 })

const count = (d: Draw) => int(d.faker, 0, 120)
const amount = (d: Draw, kind: string) =>
  kind === 'int' ? int(d.faker, 5, 500) * 100 : money(d.faker, 5, 500)
const year = (d: Draw) => new Date(d.now).getUTCFullYear()
/** `customMaxPrice` above `customMinPrice`, `ageUnder` above `ageOver`: the pair's lower one plus steps. */
const above = (low: string, steps: number, step: number) => (d: Draw) =>
  typeof d.values[low] === 'number' ? (d.values[low] as number) + int(d.faker, 1, steps) * step : undefined

/** Integers and decimals by name; `strong` rules win over the spec's default (a counter's `=0` is a new record's). */
const NUMBERS: readonly (readonly [RegExp, (d: Draw, kind: string) => unknown, { strong?: boolean }?])[] = [
  [/[lL]atitude$/, (d) => latitude(d.faker)],
  [/[lL]ongitude$/, (d) => longitude(d.faker)],
  [/[pP]rice|[aA]mount|^goalValue|^fee|[bB]udget|[cC]ost|^value$|^subtotal$/, amount, { strong: true }],
  [
    /Count$|^count|^total|^(recipients|referrals|studentsNumber)$|Deliveries$|^resign[A-Z]/,
    count,
    { strong: true },
  ],
  [/[pP]ercent|^progress$|^score$/, (d) => int(d.faker, 0, 100), { strong: true }],
  [/^taxValue$/, (d) => pick(d.faker, [0, 5, 9, 19])],
  [/^passingGrade$/, (d) => pick(d.faker, [60, 70, 80])],
  [/^(age|ageOver|minAge)$/, (d) => int(d.faker, 16, 70)],
  [/^(ageUnder|maxAge)$/, (d) => int(d.faker, 26, 99)],
  [/^year(Begin)?$/, (d) => year(d) - int(d.faker, 0, 3)],
  [/^yearEnd$/, (d) => Number(d.values.yearBegin ?? year(d)) + 1, { strong: true }],
  [/Number$/, (d) => 1000 + d.index + 1, { strong: true }],
  [/[pP]osition$|^(sortOrder|order|attemptNumber)$/, (d) => d.index, { strong: true }],
  [/^population$/, (d) => int(d.faker, 2_000, 400_000)],
  [/[qQ]uantity|[cC]apacity|Seats$|Slots$|^max[A-Z]|Tickets$|Uses$|^numberOfParticipants$/, (d) => slots(d)],
  [/[mM]inutes$|Duration$|^timeLimit$/, (d) => pick(d.faker, [15, 30, 45, 60, 90])],
  [/[sS]econds$|^timeSpent$/, (d) => int(d.faker, 60, 3_600)],
  [/[dD]ays$/, (d) => int(d.faker, 1, 30)],
  [/^hours$/, (d) => int(d.faker, 1, 40)],
  [/^cycleDay$/, (d) => int(d.faker, 1, 28)],
  [/^cycleMonth$/, (d) => int(d.faker, 1, 12)],
  [/[mM]onth(Period|Duration)$/, (d) => pick(d.faker, [1, 3, 6, 12])],
  [/^mapZoom$/, (d) => int(d.faker, 10, 16)],
  [/[pP]oints/, (d) => int(d.faker, 5, 250)],
  [/^(priority|level)$/, (d) => int(d.faker, 1, 3)],
]
const slots = (d: Draw) => pick(d.faker, [1, 2, 5, 10, 20, 50, 100, 200])
const round = (n: number) => Math.round(n * 100) / 100
const line = (d: Draw) => Number(d.values.unitPrice) * Number(d.values.quantity ?? 1)
const tax = (d: Draw) => Number(d.values.taxValue ?? 0) / 100
/** Values that follow from others of the record: an invoice's sums, a webhook's deliveries. */
const DERIVED: Readonly<Record<string, readonly [readonly string[], (d: Draw) => number]>> = {
  subtotal: [['unitPrice'], (d) => round(line(d))],
  taxAmount: [['unitPrice', 'taxValue'], (d) => round(line(d) * tax(d))],
  totalWithTax: [['unitPrice', 'taxValue'], (d) => round(line(d) * (1 + tax(d)))],
  totalDeliveries: [
    ['successfulDeliveries', 'failedDeliveries'],
    (d) => Number(d.values.successfulDeliveries) + Number(d.values.failedDeliveries),
  ],
}

/** The number rule, with a pair's upper one (`ageUnder`, `customMaxPrice`, `age` from `dateBirth`) made late. */
export function numberMaker(
  prop: string,
  kind: string,
  siblings: ReadonlySet<string>,
): (Maker & { strong?: boolean }) | undefined {
  const found = NUMBERS.find(([test]) => test.test(prop))
  if (!found) return undefined
  const [, rule, options] = found
  const make = (d: Draw) => rule(d, kind)
  const derived = DERIVED[prop]
  if (derived?.[0].every((p) => siblings.has(p))) {
    const whole = kind === 'int' ? Math.round : (n: number) => n
    const from = derived[1]
    return { late: true, strong: true, make: (d) => (Number.isFinite(from(d)) ? whole(from(d)) : make(d)) }
  }
  if (prop === 'age' && siblings.has('dateBirth'))
    return { late: true, make: (d) => ageOf(d.values.dateBirth, d.now) ?? make(d) }
  const low = [prop.replace('Max', 'Min'), prop.replace('Under', 'Over'), prop.replace(/^max/, 'min')].find(
    (p) => p !== prop && siblings.has(p),
  )
  if (!low) return { make, strong: options?.strong }
  const margin = kind === 'int' && /[pP]rice/.test(prop) ? above(low, 200, 100) : above(low, 30, 1)
  return { late: true, strong: options?.strong, make: (d) => margin(d) ?? make(d) }
}
const ageOf = (birth: unknown, now: number) =>
  typeof birth === 'string' ? Math.floor((now - Date.parse(birth)) / (365.25 * DAY)) : undefined

/** A date-time by its name, API Platform's form: birth dates, creation in the past, an end after its begin. */
export function dateMaker(prop: string, siblings: ReadonlySet<string>): Maker {
  const at = (d: Draw, from: number, to: number) =>
    isoDate(d.now + int(d.faker, from / HOUR, to / HOUR) * HOUR)
  if (/[bB]irth/.test(prop)) return { make: (d) => at(d, -75 * 365 * DAY, -18 * 365 * DAY) }
  const begin = partner(prop, siblings)
  if (begin) {
    const [min, max] = /Time|^date(End|Begin)/.test(prop) ? [1, 8] : [7 * 24, 365 * 24]
    const updated = /[uU]pdated|[mM]odified/.test(prop)
    const make = (d: Draw) => {
      const from = Date.parse(String(d.values[begin] ?? isoDate(d.now)))
      if (updated) return isoDate(Math.max(from, d.now - int(d.faker, 0, 30 * 24) * HOUR))
      return isoDate(from + int(d.faker, min, max) * HOUR)
    }
    return { late: true, make }
  }
  if (/[eE]xpire|[dD]ue|[vV]alid(To|ity)|End|^maxDate$|[uU]ntil|[sS]cheduled|^close|[cC]ooldown/.test(prop))
    return { make: (d) => at(d, DAY, 180 * DAY) }
  if (/[bB]egin|[sS]tart(?!ed)|^startingDate$|[vV]alidFrom/.test(prop))
    return { make: (d) => at(d, -60 * DAY, 60 * DAY) }
  return { make: (d) => at(d, -365 * DAY, -HOUR) }
}

/** The property a date follows: `dateTimeEnd` after `dateTimeBegin`, `validTo` after `validFrom`. */
function partner(prop: string, siblings: ReadonlySet<string>): string | undefined {
  const swaps: [RegExp, string][] = [
    [/End/, 'Begin'],
    [/End/, 'Start'],
    [/end/, 'begin'],
    [/end/, 'start'],
    [/To$/, 'From'],
    [/Updated|Modified/, 'Created'],
    [/updated/, 'created'],
  ]
  const found = swaps
    .map(([test, word]) => prop.replace(test, word))
    .find((p) => p !== prop && siblings.has(p))
  if (found || !/[uU]pdated|[mM]odified/.test(prop)) return found
  return ['dateCreated', 'createdAt'].find((p) => siblings.has(p))
}
