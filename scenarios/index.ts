import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'
import emptyTenant from './empty-tenant.ts'
import expiredJwt from './expired-jwt.ts'
import flaky from './flaky.ts'
import largeTenant from './large-tenant.ts'
import lexikErrors from './lexik-errors.ts'
import maintenance from './maintenance.ts'
import oauthDeny from './oauth-deny.ts'
import otpExpired from './otp-expired.ts'
import rateLimited from './rate-limited.ts'
import readOnly from './read-only.ts'
import revokedTokens from './revoked-tokens.ts'
import serverError from './server-error.ts'
import singleUseRefresh from './single-use-refresh.ts'
import slowNetwork from './slow-network.ts'
import webhookDelay from './webhook-delay.ts'
import webhookDuplicate from './webhook-duplicate.ts'
import webhookFail from './webhook-fail.ts'
import webhookOutOfOrder from './webhook-out-of-order.ts'

/** Every preset, in the order the dashboard lists them. One scenario, one file. */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  expiredJwt,
  revokedTokens,
  readOnly,
  singleUseRefresh,
  lexikErrors,
  otpExpired,
  oauthDeny,
  rateLimited,
  serverError,
  maintenance,
  slowNetwork,
  flaky,
  emptyTenant,
  largeTenant,
  webhookFail,
  webhookDelay,
  webhookDuplicate,
  webhookOutOfOrder,
]
