import { MERGE_PATCH_TYPES, readJsonObject } from '../http/body.ts'
import { badRequest, forbidden, unprocessable } from '../http/errors.ts'
import { CONSTRAINT, validateBody } from '../http/validate.ts'
import { API } from '../resources/engine/serialize.ts'
import { users } from '../resources/index.ts'
import { findRecord, renderRecord } from './resources.ts'
import { route, type Route } from './route.ts'

// Symfony's Length(min: 8) constraint, as the validator words it.
const TOO_SHORT = {
  code: '9ff3fdc4-b214-49db-8718-39c315e33d45',
  message: 'This value is too short. It should have 8 characters or more.',
}

/**
 * `PATCH /api/v1/users/{id}/new-password` (~6,490,000): "Accepts newPassword and optionally currentPassword for
 * verification. If currentPassword is omitted (OTP login flow), the password is set directly. Supports
 * skipPasswordSetup … Password changes propagate to all accounts sharing the same email across tenants."
 * The end of Orgo's reset flow: request-password-reset-otp, verify-login-otp, then this with the OTP JWT.
 * A password session must prove the current password (sandbox reading of "optionally": only OTP may omit it).
 */
export const userRoutes: Route[] = [
  route.patch(`${API}/users/:id/new-password`, async (ctx) => {
    const principal = await ctx.auth()
    const user = findRecord(ctx, users)
    if (principal.user?.id !== user.id) forbidden('a password is changed by its own user only')
    const body = validateBody(
      {
        newPassword: { type: 'string', maxLength: 4096 },
        currentPassword: { type: 'string', maxLength: 4096 },
        skipPasswordSetup: { type: 'boolean' },
      },
      await readJsonObject(ctx.req, MERGE_PATCH_TYPES),
      false,
    ) as { newPassword?: string; currentPassword?: string; skipPasswordSetup?: boolean }
    if (body.skipPasswordSetup === true && body.newPassword === undefined)
      return renderRecord(ctx, users, user)
    if (!body.newPassword) unprocessable([{ propertyPath: 'newPassword', ...CONSTRAINT.notBlank }])
    if (body.newPassword.length < 8) unprocessable([{ propertyPath: 'newPassword', ...TOO_SHORT }])
    if (principal.method !== 'otp') {
      if (body.currentPassword === undefined)
        unprocessable([{ propertyPath: 'currentPassword', ...CONSTRAINT.notBlank }])
      if (body.currentPassword !== user.password) badRequest('The current password is not correct.')
    }
    const email = user.email.toLowerCase()
    let changed = user
    for (const t of ctx.core.db.tenants.values()) {
      const same = t.users.findUnique('email', email)
      if (!same) continue
      const updated = await t.users.update(same, (draft) => {
        draft.password = body.newPassword!
      })
      if (same.id === user.id) changed = updated
    }
    ctx.core.change(
      'user.password-changed',
      ctx.tenant.tenant.slug,
      `Password of ${user.email} changed (${principal.method})`,
    )
    return renderRecord(ctx, users, changed)
  }),
]
