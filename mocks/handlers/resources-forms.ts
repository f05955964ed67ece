import type { Form, FormSubmission } from '../db/schema.ts'
import { fromIri, iri, str, type ResourceType } from './resource-type.ts'

// Forms and their submissions: any user may submit, only admins read the answers.
export const forms: ResourceType<Form> = {
  path: 'forms',
  type: 'Form',
  idKind: 'int',
  table: (t) => t.forms,
  readRole: 'ROLE_USER',
  writeRole: 'ROLE_ADMIN',
  fields: {
    title: { type: 'string', required: true },
    description: { type: 'string' },
    published: { type: 'boolean' },
  },
  filters: ['title', 'published'],
  order: ['id', 'title', 'createdAt'],
  serialize: (f) => ({
    id: f.id,
    title: f.title,
    description: f.description,
    published: f.published,
    createdAt: f.createdAt,
  }),
  build: (v, w) => ({
    id: w.core.db.ids.next('form'),
    tenant: w.t.tenant.slug,
    title: str(v.title),
    description: str(v.description),
    published: v.published === true,
    createdAt: w.now,
  }),
  assign: (d, v) => {
    if ('title' in v) d.title = str(v.title)
    if ('description' in v) d.description = str(v.description)
    if ('published' in v) d.published = v.published === true
  },
}

export const formSubmissions: ResourceType<FormSubmission> = {
  path: 'form_submissions',
  type: 'FormSubmission',
  idKind: 'int',
  table: (t) => t.formSubmissions,
  readRole: 'ROLE_ADMIN',
  writeRole: 'ROLE_ADMIN',
  createRole: 'ROLE_USER',
  fields: {
    form: { type: 'iri', required: true },
    data: { type: 'object', required: true },
  },
  filters: ['form'],
  order: ['id', 'submittedAt'],
  serialize: (s) => ({
    id: s.id,
    form: iri('forms', s.formId),
    user: s.userId === null ? null : iri('users', s.userId),
    data: s.data,
    submittedAt: s.submittedAt,
  }),
  build: (v, w) => ({
    id: w.core.db.ids.next('form_submission'),
    tenant: w.t.tenant.slug,
    formId: fromIri(w.t.forms, 'forms', v.form, 'int').id,
    userId: w.principal.user?.id ?? null,
    data: v.data as Record<string, unknown>,
    submittedAt: w.now,
  }),
  assign: (d, v, w) => {
    if ('form' in v) d.formId = fromIri(w.t.forms, 'forms', v.form, 'int').id
    if ('data' in v) d.data = v.data as Record<string, unknown>
  },
}
