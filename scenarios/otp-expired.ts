import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** A flag read by the OTP verifier. */
export default {
  name: 'otp-expired',
  description: 'Every OTP code answers as expired at verify-login-otp.',
  flag: true,
} satisfies ScenarioDefinition
