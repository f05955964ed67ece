import type { StoredRecord } from '../schema/types.ts'
import type { Place } from './tables.ts'

// Issue 26: a checkout is opened by one flow (an event's tickets: mocks/workflows/tickets*.ts; a membership fee)
// and finished by another (the payments flow: its local checkout page, the control API, the test API). What the
// opener does when it is paid or not is registered here by `purpose.kind`, so the payments flow never imports the
// flows that use it.

export type CheckoutOutcome = 'paid' | 'declined' | 'cancelled' | 'expired'

/** Why a checkout was opened: `kind` names the hook, the rest is the opener's own (an event's uuid, attendance ids). */
export interface CheckoutPurpose {
  kind: string
  [detail: string]: unknown
}

/** Called once, when the checkout reaches an outcome; `payment` is its product payment as stored then. */
export type CheckoutHook = (
  place: Place,
  purpose: CheckoutPurpose,
  outcome: CheckoutOutcome,
  payment: StoredRecord,
) => void

const hooks = new Map<string, CheckoutHook>()

export function onCheckout(kind: string, hook: CheckoutHook): void {
  hooks.set(kind, hook)
}

export function checkoutHook(kind: string): CheckoutHook | undefined {
  return hooks.get(kind)
}
