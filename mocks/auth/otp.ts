import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { OtpCode, User } from '../db/schema.ts'
import { tooManyRequests, unauthorized } from '../http/errors.ts'
import type { SandboxRequest } from '../http/types.ts'
import { sendMail, timeOfDay, type MailKind } from '../outbox.ts'
import type { JwtClaims } from './jwt.ts'
import { hostOfTenant } from './mix-ups.ts'
import type { Principal } from './principal.ts'

// SPEC 5 (sandbox choices): 6-digit codes, valid 10 minutes, burnt after 5 wrong tries.
export const OTP_TTL_MS = 10 * 60_000
/** The one detail of every refused verify (SPEC 5: wrong, expired, burnt, used, unknown email alike). */
export const OTP_REFUSED = 'Invalid or expired code: request a new one.'
export const OTP_MAX_ATTEMPTS = 5
// SPEC 5: request and verify are each limited to 20 requests per 60 s per email.
export const OTP_RATE_LIMIT = 20
export const OTP_RATE_WINDOW_MS = 60_000

export type OtpPurpose = OtpCode['purpose']
export type OtpState = 'pending' | 'used' | 'burnt' | 'expired'

const PURPOSES: Record<OtpPurpose, { kind: MailKind; noun: string; label: string }> = {
  login: { kind: 'login-otp', noun: 'login code', label: 'OTP' },
  'password-reset': { kind: 'password-reset-otp', noun: 'password reset code', label: 'Password reset code' },
}

const recordId = (purpose: OtpPurpose, email: string) => `${purpose}:${email.trim().toLowerCase()}`

function limit(core: SandboxCore, tenant: TenantDb, action: string, email: string): void {
  const check = core.limiters.otp.hit(`${tenant.tenant.slug}|${action}|${email.trim().toLowerCase()}`)
  if (!check.ok) tooManyRequests(check.retryAfterSeconds)
}

export function otpState(record: OtpCode, now: number): OtpState {
  if (record.usedAt) return 'used'
  if (record.attemptsLeft <= 0) return 'burnt'
  return Date.parse(record.expiresAt) <= now ? 'expired' : 'pending'
}

/**
 * `request-login-otp` / `request-password-reset-otp`: a fresh code replaces any pending one and is mailed.
 * An unknown email gets the same answer and no mail (SPEC 5: no account enumeration).
 */
export async function requestOtp(
  core: SandboxCore,
  tenant: TenantDb,
  purpose: OtpPurpose,
  email: string,
): Promise<void> {
  limit(core, tenant, `request-${purpose}`, email)
  const user = tenant.users.findUnique('email', email.trim())
  if (!user) return
  const now = core.clock.now()
  const id = recordId(purpose, user.email)
  const previous = tenant.otpCodes.get(id)
  if (previous) tenant.otpCodes.delete(previous)
  const record = await tenant.otpCodes.insert({
    id,
    tenant: tenant.tenant.slug,
    purpose,
    email: user.email,
    userId: user.id,
    code: core.options.otpCode ?? core.random.digits(6),
    attemptsLeft: OTP_MAX_ATTEMPTS,
    expiresAt: new Date(now + OTP_TTL_MS).toISOString(),
    usedAt: null,
    createdAt: new Date(now).toISOString(),
  })
  const { kind, noun, label } = PURPOSES[purpose]
  const expires = timeOfDay(record.expiresAt)
  sendMail(
    core,
    {
      kind,
      tenant: tenant.tenant.slug,
      to: user.email,
      subject: `Your ${tenant.tenant.name} ${noun}: ${record.code}`,
      text:
        `Hello ${user.firstName},\n\nyour ${noun} for ${tenant.tenant.name} is ${record.code}.\n` +
        `It works once and expires in 10 minutes (${expires} UTC).\n` +
        `If you did not ask for it, ignore this mail.`,
      code: record.code,
      link: null,
      expiresAt: record.expiresAt,
    },
    `${label} for ${user.email}: ${record.code} (expires ${expires})`,
  )
}

/**
 * `verify-login-otp` (and the password reset): the user when the code is right. Each refusal is a 401 whose
 * detail names the cause (SPEC 5); an unknown email reads as "nothing pending", like a known one.
 */
export async function consumeOtp(
  core: SandboxCore,
  tenant: TenantDb,
  purpose: OtpPurpose,
  email: string,
  code: string,
): Promise<User> {
  limit(core, tenant, `verify-${purpose}`, email)
  // SPEC 5: one answer for every refusal, so verify never tells an account from none (findings M4); why it
  // failed goes to the request log, and tries left and expiry to the dashboard and /__sandbox/state.
  const refuse = (reason: string): never => unauthorized(OTP_REFUSED, { reason })
  const record = tenant.otpCodes.get(recordId(purpose, email))
  const user = record && tenant.users.get(record.userId)
  if (!record || !user) return refuse('no code requested, or no such account')
  const now = core.clock.now()
  const state = otpState(record, now)
  if (state === 'used') refuse('code reused')
  if (state === 'burnt') refuse(`code burnt after ${OTP_MAX_ATTEMPTS} wrong attempts`)
  // The `otp-expired` scenario: every pending code answers as if its 10 minutes were over.
  if (state === 'expired' || (state === 'pending' && core.flags.has('otp-expired'))) refuse('code expired')
  if (record.code !== code) {
    const left = record.attemptsLeft - 1
    // Spent before any await: N concurrent guesses cost N tries (findings H3).
    tenant.otpCodes.updateNow(record, (draft) => {
      draft.attemptsLeft = left
    })
    refuse(left > 0 ? `wrong code, ${left} left` : 'wrong code, no tries left: burnt')
  }
  await tenant.otpCodes.update(record, (draft) => {
    draft.usedAt = new Date(now).toISOString()
  })
  return user
}

/**
 * Which pending code `verify-login-otp` spends: Orgo verifies the password-reset code there too (SPEC 5), so a
 * pending reset code is taken when it is the one given or no login code is pending.
 */
export function verifyPurpose(tenant: TenantDb, email: string, code: string, now: number): OtpPurpose {
  const pending = (purpose: OtpPurpose) => {
    const record = tenant.otpCodes.get(recordId(purpose, email))
    return record && otpState(record, now) === 'pending' ? record : undefined
  }
  const reset = pending('password-reset')
  return reset && (reset.code === code || !pending('login')) ? 'password-reset' : 'login'
}

/** Every code of every tenant as the control API shows it (in clear: they are test credentials). */
export function listOtps(core: SandboxCore) {
  const now = core.clock.now()
  return [...core.db.tenants.values()].flatMap((t) =>
    t.otpCodes.all().map((r) => ({
      tenant: r.tenant,
      email: r.email,
      purpose: r.purpose,
      otp: r.code,
      state: otpState(r, now),
      attemptsLeft: r.attemptsLeft,
      expiresAt: r.expiresAt,
      createdAt: r.createdAt,
    })),
  )
}

// Orgo Authentication page: "OTP-issued JWTs may be used across tenants only on event-attendance endpoints".
const EVENT_ATTENDANCE_PATH = /^\/api\/v1\/event_attends(?:\/|$)/

/** A verified OTP JWT (`auth_strength: "OTP"`, `verified_email`) as a principal on this tenant's host. */
export function authenticateOtpClaims(
  core: SandboxCore,
  tenant: TenantDb,
  claims: JwtClaims,
  req: SandboxRequest,
): Principal {
  const email = claims.verified_email
  const issuer = claims.tenant
  if (typeof email !== 'string' || typeof issuer !== 'string') {
    unauthorized('Invalid JWT Token', { jwt: true, reason: 'OTP JWT without verified_email or tenant' })
  }
  // Only a verification this sandbox issued, still live, for this very email (findings-3 N10): a JWT minted
  // elsewhere, or kept from before a reset or restart, names no session here.
  const session = typeof claims.jti === 'string' ? core.tenant(issuer)?.sessions.get(claims.jti) : undefined
  const verified = session?.authStrength === 'OTP' && core.tenant(issuer)?.users.get(session.userId)
  if (!verified || verified.email !== email || claims.username !== email)
    unauthorized('Invalid JWT Token', { jwt: true, reason: 'OTP JWT of no verification of this sandbox' })
  const slug = tenant.tenant.slug
  if (issuer !== slug) {
    if (!EVENT_ATTENDANCE_PATH.test(req.path)) {
      unauthorized('Invalid JWT Token', {
        jwt: true,
        reason: `OTP JWT of ${issuer} outside event attendance`,
        hint: `This OTP JWT belongs to tenant "${issuer}": call ${hostOfTenant(core, tenant, req.host, issuer)}; on other tenants it opens event attendance only.`,
      })
    }
    // No user of this tenant: the verified email may act only as the contact it names.
    return {
      method: 'otp',
      tenant: slug,
      readOnly: false,
      verifiedEmail: email,
      label: `${email} (OTP from ${issuer})`,
    }
  }
  const user = tenant.users.findUnique('email', email)
  if (!user) unauthorized('Invalid JWT Token', { jwt: true, reason: 'user deleted' })
  return {
    method: 'otp',
    tenant: slug,
    user,
    readOnly: false,
    verifiedEmail: email,
    label: `${user.email} (OTP)`,
  }
}

/** `GET /__sandbox/otp?email=`: the newest pending code for the email, optionally of one tenant or purpose. */
export function latestPendingOtp(
  core: SandboxCore,
  email: string,
  filter: { tenant?: string; purpose?: string } = {},
) {
  const wanted = email.trim().toLowerCase()
  return listOtps(core)
    .filter(
      (o) =>
        o.state === 'pending' &&
        o.email.toLowerCase() === wanted &&
        (filter.tenant === undefined || o.tenant === filter.tenant) &&
        (filter.purpose === undefined || o.purpose === filter.purpose),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]
}
