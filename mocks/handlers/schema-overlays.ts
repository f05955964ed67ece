import { SUBSCRIPTION_WORKFLOW } from '../webhooks/subscriptions.ts'
import { WORKFLOWS } from '../workflows/index.ts'
import type { Workflow } from './overlay-types.ts'

export type {
  ActionOverlay,
  OperationCall,
  OperationOverlay,
  Workflow,
  WriteOverlay,
} from './overlay-types.ts'

// The registry of the schema engine's overlays (their shapes: overlay-types.ts): behaviour of its resources on the
// spec's shape, validation and storage, by operationId or resource: the webhook subscriptions of issue 24 and the
// workflows of issue 25 (mocks/workflows/), each one `Workflow`.

const ALL: readonly Workflow[] = [SUBSCRIPTION_WORKFLOW, ...WORKFLOWS]

const merged = <K extends keyof Workflow>(key: K) =>
  Object.assign({}, ...ALL.map((w) => w[key] ?? {})) as NonNullable<Workflow[K]>

export const WRITE_OVERLAYS = merged('writes')
export const ACTION_OVERLAYS = merged('actions')
export const OPERATION_OVERLAYS = merged('operations')
export const REMOVE_CHECKS = merged('removeChecks')
export const DELETE_OVERLAYS = merged('removes')
