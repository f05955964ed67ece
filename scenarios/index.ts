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
]
