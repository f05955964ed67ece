import { badRequest, HttpError } from '../http/errors.ts'

// Findings-3 N6: any member may write to a resource whose operations state no permission, and with --db every
// record is saved on each write: a budget per record and per resource bounds what that can cost, for the schema
// engine's writes (schema-records.ts).

/** The most JSON one record holds, in UTF-8 bytes. */
export const MAX_RECORD_BYTES = 64 * 1024
/** The most records of one resource a tenant holds. */
export const MAX_RECORDS = 1000

/** The record, or a 413 when its JSON is over the budget; `what` names it (`A record`). */
export function assertRecordFits<T>(record: T, what = 'A record'): T {
  const bytes = new TextEncoder().encode(JSON.stringify(record)).byteLength
  if (bytes > MAX_RECORD_BYTES)
    throw new HttpError(
      413,
      `${what} holds at most ${MAX_RECORD_BYTES / 1024} KiB of JSON; this one would hold ${Math.ceil(bytes / 1024)} KiB. Send a smaller body.`,
    )
  return record
}

/** A 400 when a tenant already holds `count` records of `name`; `scope` says whose (` for the generic operations`). */
export function assertRoom(name: string, count: number, scope = ''): void {
  if (count < MAX_RECORDS) return
  badRequest(
    `The sandbox keeps at most ${MAX_RECORDS.toLocaleString('en')} ${name} records per tenant${scope}, and this tenant has them all: delete some, or reset the sandbox.`,
  )
}
