import { hasPermission, type Domain } from '../auth/permissions.ts'
import type { Principal } from '../auth/principal.ts'
import type { User } from '../db/schema.ts'
import type { RouteContext } from '../handlers/route.ts'
import { conflict, forbidden } from '../http/errors.ts'
import { sendMail, type MailKind } from '../outbox.ts'
import { isoDate } from '../resources/fields.ts'
import { schemaTable, type SchemaTable } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { resource as specResource } from '../spec/index.ts'

// What the adhesion workflow's modules share (Orgo's docs, onboard-a-new-member; spec operations adhesion_*,
// offsets ~9,950-270,700): the application's states, where its parts are kept, and who may act on it.
//
// Where each part lives, in the spec's own fields:
//   - the application: the engine's `adhesion` table (`Adhesion-adhesion_read`), `user` its applicant's id. Two
//     fields no schema shows are kept beside: `localCenter` (the center the applicant chose, whose HR decides) and
//     `motivation` (the docs' form sends it; it is printed on the PDF).
//   - the applicant: a row of the users table, so each write of it is a `user.*` webhook (mocks/webhooks/service.ts).
//   - the ID document: the applicant's `Identity` record (`user.identity`; its `media` the upload), which is what
//     the docs' `hasIdDocument` reads as: `user.identity.hasUploadedDocument` in the adhesion's answer.
//   - the signed form: one of the adhesion's `medias`, and `hasUploadedDocument` (the docs' `hasSignedDocument`).
// Media has no resource in the spec (no `/api/v1/media`), so a media is a value object on its owner.

/** The docs' states (step 5's table, and `adhesion_status_update`'s "Valid statuses"). */
export const STATUSES = ['NEW', 'PENDING', 'VALIDATED', 'INTERVIEWED', 'REJECTED', 'SUCCESS'] as const
export type AdhesionStatus = (typeof STATUSES)[number]

/** "REJECTED ... terminal state"; SUCCESS is the end of the funnel (adhesion_interview_update: "final status"). */
export const TERMINAL: ReadonlySet<string> = new Set(['REJECTED', 'SUCCESS'])

/** A media's `type` on the adhesion and the identity. */
export const MEDIA = { id: 'ADHESION_ID', signed: 'ADHESION_SIGNED', video: 'ADHESION_VIDEO' } as const

/** The status as stored; the spec's default (`"pending"`, what a seeded record holds) read in the docs' case. */
export const statusOf = (adhesion: StoredRecord): string =>
  typeof adhesion.status === 'string' ? adhesion.status.toUpperCase() : 'NEW'

export const adhesionTable = (ctx: RouteContext): SchemaTable =>
  schemaTable(ctx.core, ctx.tenant, specResource('adhesion')!)

export const identityTable = (ctx: RouteContext): SchemaTable =>
  schemaTable(ctx.core, ctx.tenant, specResource('identity')!)

export const nowIso = (ctx: RouteContext): string => isoDate(ctx.core.clock.now())

export const applicantOf = (ctx: RouteContext, adhesion: StoredRecord): User | undefined =>
  typeof adhesion.user === 'number' ? ctx.tenant.users.get(adhesion.user) : undefined

/** The center whose HR handles the application: the one chosen on the form, else the applicant's own. */
export function centerOf(ctx: RouteContext, adhesion: StoredRecord): number | null {
  if (typeof adhesion.localCenter === 'number') return adhesion.localCenter
  return applicantOf(ctx, adhesion)?.localCenter ?? null
}

/** The applicant's Identity record (created by the ID upload), if any. */
export function identityOf(ctx: RouteContext, user: User | undefined): StoredRecord | undefined {
  const id = (user as (User & { identity?: unknown }) | undefined)?.identity
  return typeof id === 'number' ? identityTable(ctx).get(id) : undefined
}

/** Whether the caller holds the domain for the center (a TENANT scope, or LOCAL of it: permissions.ts). */
export function holds(principal: Principal | undefined, domains: readonly Domain[], center: number | null) {
  return !!principal?.user && hasPermission(principal.user, domains, center)
}

export const isApplicant = (principal: Principal | undefined, adhesion: StoredRecord): boolean =>
  principal?.user !== undefined && principal.user.id === adhesion.user

/** The applicant or HR of the application's center (api_adhesion_id_get: "the applicant, HR staff"); else 403. */
export function assertApplicantOrHr(ctx: RouteContext, principal: Principal | undefined, a: StoredRecord) {
  if (isApplicant(principal, a) || holds(principal, ['HR'], centerOf(ctx, a))) return
  forbidden(
    `Adhesion #${a.id} is its applicant's and their local center's HR's: ${who(principal)} is neither.`,
  )
}

/** HR of the application's center (a status, interview notes); else 403. */
export function assertHr(ctx: RouteContext, principal: Principal | undefined, a: StoredRecord, what: string) {
  const center = centerOf(ctx, a)
  if (holds(principal, ['HR'], center)) return
  forbidden(
    `${what} needs HR_LOCAL on local center #${center ?? '(none)'} or HR_TENANT; ${who(principal)} lacks it.`,
  )
}

const who = (principal: Principal | undefined) => principal?.label ?? 'an anonymous caller'

/** 409 unless the application is in one of the states. */
export function assertStatus(a: StoredRecord, allowed: readonly string[], action: string): void {
  const status = statusOf(a)
  if (!allowed.includes(status))
    conflict(`Adhesion #${a.id} is ${status}: ${action} only while it is ${allowed.join(' or ')}.`)
}

/** Who did something, as the HR answer's `*ByData` objects show it. */
export const byData = (user: User | undefined) =>
  user ? { id: user.id, fullName: `${user.firstName} ${user.lastName}`.trim(), email: user.email } : null

/** A stored media value object (`Media-adhesion_read`): what was received of the file (mocks/http/multipart.ts). */
export function mediaRecord(
  ctx: RouteContext,
  file: { filename: string; type: string; size: number },
  type: string,
  entityId: number,
): Record<string, unknown> {
  // No URL: the sandbox keeps no file bytes (request bodies are read as text), so none would serve them.
  return {
    id: ctx.core.db.ids.next('media'),
    size: file.size,
    entityId,
    contentUrl: null,
    type,
    mimeType: file.type,
    originalName: file.filename,
  }
}

/** The adhesion written through its table (so a read finds the new version), stamped updated by the caller. */
export function writeAdhesion(
  ctx: RouteContext,
  principal: Principal | undefined,
  a: StoredRecord,
  change: (draft: StoredRecord) => void,
): StoredRecord {
  return adhesionTable(ctx).updateNow(a, (draft) => {
    change(draft)
    draft.updatedDate = nowIso(ctx)
    draft.updatedByData = byData(principal?.user)
  })
}

/** A write of a user: through the users table, so the `user.updated` webhook follows. */
export function writeUser(
  ctx: RouteContext,
  user: User,
  change: (draft: Record<string, unknown>) => void,
): User {
  return ctx.tenant.users.updateNow(user, (draft) => {
    change(draft as unknown as Record<string, unknown>)
    draft.dateUpdated = nowIso(ctx)
  })
}

/** A workflow mail to one address, in the outbox (`GET /__sandbox/outbox`) and the feed. */
export function mail(ctx: RouteContext, kind: MailKind, to: string, subject: string, text: string): void {
  sendMail(
    ctx.core,
    { kind, tenant: ctx.tenant.tenant.slug, to, subject, text, code: null, link: null, expiresAt: null },
    `${kind} mail to ${to}: ${subject}`,
  )
}

export const fullName = (user: User | undefined): string =>
  user ? `${user.firstName} ${user.lastName}`.trim() || user.email : '(unknown applicant)'
