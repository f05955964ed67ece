import type { Workflow } from '../handlers/overlay-types.ts'
import { ADHESION_WORKFLOW } from './adhesion.ts'
import { CONTRACTS_WORKFLOW } from './contracts.ts'
import { CRM_WORKFLOW } from './crm.ts'
import { ROLES_WORKFLOW } from './roles.ts'

// Orgo's workflows (issue 25) as overlays on the schema engine: each state change of a flow is a write of the
// engine's tables, so its webhook follows from the table observer (mocks/webhooks/service.ts) and its mails go
// through the outbox (mocks/outbox.ts sendMail).

export const WORKFLOWS: readonly Workflow[] = [
  ROLES_WORKFLOW,
  ADHESION_WORKFLOW,
  CONTRACTS_WORKFLOW,
  CRM_WORKFLOW,
]
