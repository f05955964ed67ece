import type { Form, FormSubmission } from '../db/schema.ts'
import { absent, empty, flag, ref, text, when } from './fields.ts'
import { labelled, ownerOr, permission, signedIn } from './rules.ts'
import type { ResourceDef } from './types.ts'
import { SPEC_FIELDS } from './spec-fields.generated.ts'

// Forms (`/api/v1/forms/{uuid}`, ~2,585,000; 12 a page) and their submissions (`/api/v1/form_submissions`,
// ~2,680,000). Answers are Orgo's separate `form_submission_answers` resource.

export const FORM_DRAFT = 'DRAFT'
export const FORM_PUBLISHED = 'PUBLISHED'
export const FORM_CLOSED = 'CLOSED'

const SPEC = SPEC_FIELDS.forms!

export const forms: ResourceDef<Form> = {
  path: 'forms',
  type: 'Form',
  key: 'uuid',
  specOffset: 2_585_000,
  fields: {
    name: { type: 'string', required: true, notNull: true },
    status: text,
    header: { type: 'string', maxLength: 10000 },
    footer: { type: 'string', maxLength: 10000 },
    thankYouMessage: { type: 'string', maxLength: 10000 },
    contentTitle: text,
    closeAt: when,
    createdAt: when,
    owner: ref('users'),
    tenant: { compute: (_f, ctx) => `/api/v1/tenants/${ctx.tenant.id}` },
    headerImage: text,
    settings: { type: 'string[]' },
    formFields: empty,
    slugGo: text,
  },
  groups: { collection: SPEC.collection!, item: SPEC.item! },
  // Form-form_write.
  writable: SPEC.create!,
  pageSize: 12,
  filters: { status: 'exact' },
  order: ['createdAt', 'name'],
  operations: {
    list: signedIn,
    read: signedIn,
    // Sandbox choice where the spec states no permission: forms are the organisation's (ADMIN, HR, EVENT).
    create: permission('ADMIN', 'HR', 'EVENT'),
    update: ownerOr('ADMIN'),
    delete: ownerOr('ADMIN'),
  },
  unique: ['uuid'],
  // "Only available for PUBLISHED or CLOSED forms" (get_public_form_anonymous).
  scopes: { get_public_form_anonymous: (f) => f.status === FORM_PUBLISHED || f.status === FORM_CLOSED },
  create: (v, w) => ({
    header: null,
    footer: null,
    thankYouMessage: null,
    contentTitle: null,
    closeAt: null,
    ...(v as Partial<Form>),
    id: w.nextId('forms'),
    tenant: w.tenant.slug,
    uuid: w.uuid(),
    name: v.name as string,
    status: typeof v.status === 'string' ? v.status : FORM_DRAFT,
    owner: w.principal.user?.id ?? null,
    createdAt: w.nowIso,
  }),
  async seed(s) {
    const owner = s.table('users')!.all()[0]?.id ?? null
    await s.insert<Form>('forms', {
      uuid: s.uuid(),
      name: 'Membership application',
      status: FORM_PUBLISHED,
      header: 'Apply to become a member.',
      footer: null,
      thankYouMessage: 'Thank you: we will be in touch.',
      contentTitle: null,
      closeAt: null,
      owner,
      createdAt: s.at(-100),
    })
  },
}

const SUBMISSION = SPEC_FIELDS.form_submissions!

const formOf = (
  s: FormSubmission,
  ctx: Parameters<NonNullable<ResourceDef['fields'][string]['compute']>>[1],
) => ctx.table('forms')?.get(s.form) as Form | undefined

export const formSubmissions: ResourceDef<FormSubmission> = {
  path: 'form_submissions',
  type: 'FormSubmission',
  key: 'id',
  specOffset: 2_680_000,
  fields: {
    user: ref('users'),
    contact: ref('contacts'),
    form: { ...ref('forms', ['id', 'name']), required: true },
    isValid: flag,
    createdAt: when,
    confirmationTokenGenerateTime: absent,
    formName: { compute: (s, ctx) => formOf(s as FormSubmission, ctx)?.name ?? null },
    formId: { compute: (s, ctx) => formOf(s as FormSubmission, ctx)?.id ?? null },
  },
  groups: { collection: SUBMISSION.collection!, item: SUBMISSION.item! },
  writable: SUBMISSION.create!,
  pageSize: 30,
  filters: { user: 'exact', contact: 'exact', isValid: 'boolean' },
  order: ['createdAt'],
  operations: {
    list: signedIn,
    // Any signed-in user submits a form; reading and changing answers is the organisation's or the submitter's.
    create: signedIn,
    read: labelled<FormSubmission>(
      'its submitter, or ADMIN or HR permission',
      ({ principal, record }) =>
        !!principal.user &&
        (record?.user === principal.user.id || permission('ADMIN', 'HR')({ principal } as never)),
    ),
    update: permission('ADMIN', 'HR'),
    delete: permission('ADMIN', 'HR'),
  },
  visibleTo: ({ principal }) =>
    principal.user && !permission('ADMIN', 'HR')({ principal } as never)
      ? (row) => row.user === principal.user!.id
      : undefined,
  create: (v, w) => ({
    user: w.principal.user?.id ?? null,
    contact: null,
    isValid: true,
    ...(v as Partial<FormSubmission>),
    id: w.nextId('form_submissions'),
    tenant: w.tenant.slug,
    form: v.form as number,
    createdAt: w.nowIso,
  }),
  async seed(s) {
    const form = s.table('forms')!.all()[0]
    const member = s.table('users')!.all()[1]
    if (!form || !member) return
    await s.insert<FormSubmission>('form_submissions', {
      form: form.id,
      user: member.id,
      contact: null,
      isValid: true,
      createdAt: s.at(-10),
    })
  },
}
