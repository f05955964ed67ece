import { events, eventAttends } from './resources-events.ts'
import { forms, formSubmissions } from './resources-forms.ts'
import { contacts, groups, users } from './resources-people.ts'
import type { ResourceType } from './resource-type.ts'

export { API, fromIri, iri, type ResourceType, type WriteContext } from './resource-type.ts'

type Row = { id: string | number }

export const RESOURCE_TYPES = [
  users,
  contacts,
  events,
  eventAttends,
  forms,
  formSubmissions,
  groups,
] as ResourceType<Row>[]

export const GROUPS = groups as unknown as ResourceType<Row>
