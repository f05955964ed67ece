import { contacts } from './contacts.ts'
import { eventAttends } from './event-attends.ts'
import { events } from './events.ts'
import { forms, formSubmissions } from './forms.ts'
import { groups } from './groups.ts'
import { countries, localCenters, towns, units } from './reference.ts'
import type { ResourceDef, Row } from './types.ts'
import { userApiTokens } from './user-api-tokens.ts'
import { users } from './users.ts'

/** Every emulated resource, in seeding order (a resource's seed may use those before it). */
export const RESOURCES = [
  localCenters,
  units,
  countries,
  towns,
  users,
  contacts,
  groups,
  events,
  eventAttends,
  forms,
  formSubmissions,
  userApiTokens,
] as unknown as readonly ResourceDef<Row>[]

const BY_PATH = new Map(RESOURCES.map((def) => [def.path, def]))

export function resourceAt(path: string): ResourceDef | undefined {
  return BY_PATH.get(path)
}

/** The id sequence a resource's records take (`contacts` -> `contact`), as the db.json loader reserves them. */
export function sequenceOf(path: string): string {
  return resourceAt(path)?.sequence ?? path.replace(/s$/, '')
}

export { contacts, eventAttends, events, forms, formSubmissions, groups, localCenters, userApiTokens, users }
