import type { Operation } from './types.ts'

// Orgo's Authentication page (../shared/seed/authentication.txt) opens endpoints its index does not list, or lists
// without `security: []`: the password login (`login-check`, and `login`), the OTP codes and the refresh of a JWT.
// The sandbox serves each in full (mocks/handlers/jwt.ts, otp.ts); `GET /__sandbox/endpoints` and the dashboard's
// API pane show them as public, beside Orgo's 787 operations (issue 27 item 5).

/** Operations of the index that the Authentication page opens to anyone. */
export const OPEN_BY_AUTH_PAGE: ReadonlySet<string> = new Set(['login_check_post'])

const row = (path: string, operationId: string): Operation => ({
  method: 'POST',
  path,
  specPath: path,
  operationId,
  tag: 'Authentication',
  hasBody: true,
  public: true,
})

/** The Authentication page's endpoints that are not in Orgo's index. */
export const AUTH_PAGE_OPERATIONS: readonly Operation[] = [
  row('/api/v1/login', 'login'),
  row('/api/v1/request-login-otp', 'request_login_otp'),
  row('/api/v1/verify-login-otp', 'verify_login_otp'),
  row('/api/v1/request-password-reset-otp', 'request_password_reset_otp'),
  row('/api/v1/token/refresh', 'token_refresh'),
]
