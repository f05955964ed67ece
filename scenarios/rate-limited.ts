import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'
import { json } from '../mocks/http/respond.ts'

// The endpoints Orgo rate-limits (SPEC 2, 4, 5).
const LIMITED = new Set([
  '/api/v1/login-check',
  '/api/v1/login',
  '/api/v1/request-login-otp',
  '/api/v1/verify-login-otp',
  '/api/v1/request-password-reset-otp',
])

/** The limited endpoints answer 429 at once, with Retry-After, as when the real limiter trips. */
export default {
  name: 'rate-limited',
  description: 'Login and OTP endpoints answer 429 Too Many Requests with Retry-After (option retryAfter).',
  defaults: { retryAfter: 47 },
  // RFC 9110 10.2.3: Retry-After is whole delay-seconds; a day is longer than any limiter window.
  limits: { retryAfter: { max: 86_400, integer: true } },
  intercept: (req, _core, activation) => {
    if (!LIMITED.has(req.path)) return undefined
    const seconds = Number(activation.options.retryAfter)
    return json(
      {
        title: 'Too Many Requests',
        detail: `Rate limit exceeded. Try again in ${seconds} seconds.`,
        status: 429,
      },
      429,
      { 'Retry-After': String(seconds) },
    )
  },
} satisfies ScenarioDefinition
