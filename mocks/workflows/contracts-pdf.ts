import type { RouteContext } from '../handlers/route.ts'
import { notFound } from '../http/errors.ts'
import type { SandboxResponse } from '../http/types.ts'
import { recordsOf } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { COMPLETE, recipientOf, stateOf } from './contracts-state.ts'
import { pdfResponse, renderPdf } from './pdf.ts'

// The signed PDF of a contract_user (use-default-signature's description: "generates a signed PDF document
// uploaded to S3"; the docs' step 5 and its gotcha "The admin signature appears next to the date on the rendered
// PDF"). Orgo's spec has no operation that downloads it: the instance's `media.contentUrl` points at it, and the
// sandbox serves it at `GET /api/v1/contract_users/{id}.pdf` to whoever may read the instance.

/** The placeholders a contract's content names (`{{firstName}}`), resolved from the recipient; unknown ones empty. */
function resolved(content: string, values: Readonly<Record<string, string>>): string {
  return content.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => values[name] ?? '')
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  nbsp: ' ',
}

/** HTML content as paragraphs of text: block ends break paragraphs, other tags go, common entities decoded. */
function paragraphsOf(html: string): string[] {
  return html
    .replace(/<\s*(br|\/p|\/h\d|\/li|\/div)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
}

const day = (value: unknown) => (typeof value === 'string' ? value.slice(0, 10) : '')

/** The signed PDF's answer, or a 404 while the instance is not COMPLETE (no signed document exists yet). */
export async function signedPdf(ctx: RouteContext, record: StoredRecord): Promise<SandboxResponse> {
  const state = stateOf(record)
  if (state !== COMPLETE)
    notFound(`contract_user #${record.id} is ${state}: its signed PDF exists once it is COMPLETE.`)
  const records = recordsOf(ctx.core, ctx.tenant)
  const contract = records.get('contracts', Number(record.contract))
  const to = recipientOf(ctx, record)
  const nameOf = (id: unknown) => {
    const user = id == null ? undefined : records.get('users', Number(id))
    return typeof user?.fullName === 'string' ? user.fullName : `user #${String(id)}`
  }
  const admin = record.signatureAdmin as { originalName?: string } | null
  const signer = record.signedBy != null ? `paper signature recorded by ${nameOf(record.signedBy)}` : null
  const fields: Array<readonly [string, string]> = [
    ['Contract', `${String(contract?.name ?? `#${String(record.contract)}`)} (#${String(record.contract)})`],
    ['Contract number', String(record.contractNumber ?? '')],
    ['Signed by', `${to.name}${to.email ? ` <${to.email}>` : ''}`],
    ['Signed on', day(record.dateSignature)],
    ['Signature', record.signature ? 'drawn by the signer' : (signer ?? 'none')],
    [
      'Admin signature',
      admin ? `${admin.originalName ?? 'default signature'}, ${day(record.dateSignature)}` : 'none',
    ],
    ['Valid', `${day(record.dateValidityStart) || '-'} to ${day(record.dateValidityEnd) || '-'}`],
    ['Content hash', String(record.contractHash ?? '')],
  ]
  const values = {
    firstName: to.firstName,
    lastName: to.lastName,
    fullName: to.name,
    email: to.email ?? '',
    dateSigned: day(record.dateSignature),
  }
  const content = typeof contract?.content === 'string' ? contract.content : ''
  const bytes = await renderPdf(
    {
      title: String(contract?.name ?? 'Contract'),
      fields,
      paragraphs: paragraphsOf(resolved(content, values)),
      subject: `contract_user #${record.id}, ${ctx.tenant.tenant.name}`,
    },
    ctx.core.clock.now(),
  )
  return pdfResponse(bytes, `contract-${record.id}-signed.pdf`)
}
