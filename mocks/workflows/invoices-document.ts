import type { SandboxResponse } from '../http/types.ts'
import { sendMail } from '../outbox.ts'
import { recordsOf } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { CREDIT_MEMO, currencyOf, invoiceLabel, invoiceState } from './invoices-model.ts'
import { originOf } from './payments-checkout.ts'
import { money } from './payments-state.ts'
import { pdfResponse, renderPdf } from './pdf.ts'
import type { Place } from './tables.ts'

// What an invoice looks like outside the API: its PDF (invoice_download: "Generates and downloads the invoice as a
// PDF file ... "Invoice - {TenantShortName} - {InvoiceNumber}.pdf""), its mail ("A PDF is generated and emailed to
// billingEmail"), and the fields the docs' create answer shows beside the spec's (`number`, `currency`, `pdfUrl`,
// `dateDue`; the description's "banking info (account holder, IBAN) for the user to complete the transfer").

/**
 * The account the member transfers to. Orgo prints the tenant's; the sandbox has none, so it prints the example
 * IBAN of the IBAN standard (ECBS EBS204), which is well-formed and belongs to no one.
 */
export const bankingOf = (place: Place) => ({
  accountHolder: place.tenant.tenant.name,
  iban: 'GB82WEST12345698765432',
})

/** Where the PDF is: `GET /api/v1/invoices/{id}/download` on the tenant host (an admin's credential opens it). */
export const pdfUrlOf = (place: Place, invoice: StoredRecord) =>
  `${originOf(place)}/api/v1/invoices/${invoice.id}/download`

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null)

/** Who the invoice is for: its billing name and email, else its user's, contact's or company's. */
export function billedTo(place: Place, invoice: StoredRecord): { name: string; email: string | null } {
  const records = recordsOf(place.core, place.tenant)
  const of = (resource: string, id: unknown) => (id == null ? undefined : records.get(resource, Number(id)))
  const user = of('users', invoice.user)
  const contact = of('contacts', invoice.contact)
  const company = of('companies', invoice.company)
  const name =
    text(invoice.billingName) ??
    text(user?.fullName) ??
    text(contact?.name) ??
    text(company?.name) ??
    `invoice #${invoice.id}`
  const email =
    text(invoice.billingEmail) ?? text(user?.email) ?? text(contact?.email) ?? text(company?.contactEmail)
  return { name, email }
}

/** The docs' fields of the create answer, beside the spec's (process-payments, bank transfer step 1). */
export function invoiceExtras(place: Place, invoice: StoredRecord): Record<string, unknown> {
  return {
    number: invoiceLabel(invoice),
    currency: currencyOf(place, invoice),
    pdfUrl: pdfUrlOf(place, invoice),
    dateDue: invoice.invoiceDueDate ?? null,
    ...bankingOf(place),
  }
}

const day = (value: unknown) => (typeof value === 'string' ? value.slice(0, 10) : '-')

const SUBJECTS = {
  issued: (label: string, org: string) => `Invoice ${label} from ${org}`,
  paid: (label: string) => `Paid: invoice ${label}`,
  resent: (label: string, org: string) => `Copy of invoice ${label} from ${org}`,
} as const

/** The invoice by mail: issued (to pay), paid (the PAID copy mark-as-paid sends), or resent (send-email). */
export function mailInvoice(place: Place, invoice: StoredRecord, why: keyof typeof SUBJECTS): void {
  const to = billedTo(place, invoice)
  if (!to.email) return
  const org = place.tenant.tenant.name
  const label = invoiceLabel(invoice)
  const amount = money(Number(invoice.amount ?? 0), currencyOf(place, invoice))
  const bank = bankingOf(place)
  const link = pdfUrlOf(place, invoice)
  const state = invoiceState(invoice)
  const lines =
    state === 'PENDING'
      ? [
          `Amount due: ${amount}, by ${day(invoice.invoiceDueDate)}.`,
          `Pay by bank transfer to ${bank.accountHolder}, IBAN ${bank.iban}, reference ${label}.`,
        ]
      : [`Amount: ${amount}. Status: ${state}.`]
  sendMail(
    place.core,
    {
      kind: 'invoice',
      tenant: place.tenant.tenant.slug,
      to: to.email,
      subject: SUBJECTS[why](label, org),
      text: `Hello ${to.name},\n\n${[`Invoice ${label} for ${String(invoice.invoicedFor ?? '')}.`, ...lines].join('\n')}\nPDF: ${link}\n`,
      code: null,
      link,
      expiresAt: null,
    },
    `Invoice ${label} (${why}, ${amount}) to ${to.email}: ${link}`,
  )
}

/** The invoice as a PDF, in its current state (a PAID, VOIDED or REFUNDED badge as Orgo adds one). */
export async function invoicePdf(place: Place, invoice: StoredRecord): Promise<SandboxResponse> {
  const label = invoiceLabel(invoice)
  const org = place.tenant.tenant.name
  const currency = currencyOf(place, invoice)
  const to = billedTo(place, invoice)
  const bank = bankingOf(place)
  const credit = invoice.type === CREDIT_MEMO
  const state = invoiceState(invoice)
  const bytes = await renderPdf(
    {
      title: `${org}: ${credit ? 'credit memo' : 'invoice'} ${label}`,
      subject: `Invoice #${invoice.id} of ${org}`,
      fields: [
        ['Number', label],
        ['Status', state],
        ['Issued', day(invoice.invoiceDate ?? invoice.dateCreated)],
        ['Due', day(invoice.invoiceDueDate)],
        ['Billed to', to.name],
        ['Address', text(invoice.billingAddress) ?? '-'],
        ['VAT number', text(invoice.billingVatNumber) ?? '-'],
        ['Email', to.email ?? '-'],
        ['For', String(invoice.invoicedFor ?? '')],
        ['Amount', money(Number(invoice.amount ?? 0), currency)],
        ['Account holder', bank.accountHolder],
        ['IBAN', bank.iban],
        ['Reference', label],
      ],
      paragraphs: [
        ...(text(invoice.memo) ? [String(invoice.memo)] : []),
        ...(state === 'PENDING' ? [] : [`${state}.`]),
        ...(text(invoice.footer) ? [String(invoice.footer)] : []),
      ],
    },
    place.core.clock.now(),
  )
  return pdfResponse(bytes, `Invoice - ${place.tenant.tenant.slug} - ${label}.pdf`)
}

/** An answer in the spec's shape with the docs' fields added (a JSON or JSON-LD object body). */
export function answerWith(res: SandboxResponse, extra: Record<string, unknown>): SandboxResponse {
  if (typeof res.body !== 'string') return res
  const body = JSON.parse(res.body) as Record<string, unknown>
  return { ...res, body: JSON.stringify({ ...body, ...extra }) }
}
