import type { Workflow } from '../handlers/overlay-types.ts'
import { ADHESION_WORKFLOW } from './adhesion.ts'
import { CONTRACTS_WORKFLOW } from './contracts.ts'
import { CRM_WORKFLOW } from './crm.ts'
import { NEWSLETTERS_WORKFLOW } from './newsletters.ts'
import { PAYMENTS_WORKFLOW } from './payments.ts'
import { ROLES_WORKFLOW } from './roles.ts'
import { TICKETS_WORKFLOW } from './tickets.ts'
import { VOTES_WORKFLOW } from './votes.ts'

// Orgo's workflows (issue 25) as overlays on the schema engine: each state change of a flow is a write of the
// engine's tables, so its webhook follows from the table observer (mocks/webhooks/service.ts) and its mails go
// through the outbox (mocks/outbox.ts sendMail).

export const WORKFLOWS: readonly Workflow[] = [
  ROLES_WORKFLOW,
  ADHESION_WORKFLOW,
  CONTRACTS_WORKFLOW,
  CRM_WORKFLOW,
  NEWSLETTERS_WORKFLOW,
  PAYMENTS_WORKFLOW,
  TICKETS_WORKFLOW,
  VOTES_WORKFLOW,
]
