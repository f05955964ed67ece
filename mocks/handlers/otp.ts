import { consumeOtp, requestOtp, verifyPurpose } from '../auth/otp.ts'
import { startSession } from '../auth/sessions.ts'
import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import { unprocessable } from '../http/errors.ts'
import { json } from '../http/respond.ts'
import { API } from '../resources/engine/serialize.ts'
import { route, type Route, type RouteContext } from './route.ts'
import { validateBody, type FieldSpecs } from '../http/validate.ts'

const EMAIL: FieldSpecs = { email: { type: 'string', required: true, format: 'email' } }
const CODE: FieldSpecs = { ...EMAIL, otp: { type: 'string', required: true } }

// Symfony Validator codes (Regex, Length min), so clients that switch on `code` see production's values.
const NOT_A_CODE = {
  code: 'de1e3db3-5ed4-4941-aae4-59f3667cc3a3',
  message: 'This value should be a 6-digit code.',
}

/** The same answer whether or not the email has an account (SPEC 5: no account enumeration). */
const REQUESTED = { message: 'If an account exists for this email, a code has been sent to it.' }

/** Body fields after type and constraint checks: a wrong JSON type is a 400, a bad value a 422 (validate.ts). */
async function readBody(ctx: RouteContext, fields: FieldSpecs): Promise<Record<string, string>> {
  const values = validateBody(fields, await readJsonObject(ctx.req, JSON_TYPES), true) as Record<
    string,
    string
  >
  const violations = []
  if ('otp' in fields && !/^\d{6}$/.test(values.otp!)) violations.push({ propertyPath: 'otp', ...NOT_A_CODE })
  if (violations.length) unprocessable(violations)
  return values
}

/** Orgo Authentication page, "OTP": request-login-otp, then verify-login-otp; SPEC 5 for every rule. */
export const otpRoutes: Route[] = [
  route.post(`${API}/request-login-otp`, async (ctx) => {
    const { email } = await readBody(ctx, EMAIL)
    await requestOtp(ctx.core, ctx.tenant, 'login', email!)
    return json(REQUESTED)
  }),
  route.post(`${API}/verify-login-otp`, async (ctx) => {
    const { email, otp } = await readBody(ctx, CODE)
    const purpose = verifyPurpose(ctx.tenant, email!, otp!, ctx.core.clock.now())
    const user = await consumeOtp(ctx.core, ctx.tenant, purpose, email!, otp!)
    return json(await startSession(ctx.core, ctx.tenant, user, 'OTP'))
  }),
  route.post(`${API}/request-password-reset-otp`, async (ctx) => {
    const { email } = await readBody(ctx, EMAIL)
    await requestOtp(ctx.core, ctx.tenant, 'password-reset', email!)
    return json(REQUESTED)
  }),
]
