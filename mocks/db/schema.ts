import { z } from 'zod'

// Record shapes of the tenant database. Ids of tenant resources are unique across tenants, so an id that
// exists in another tenant is a real cross-tenant probe (and must answer 404, never 403).
const timestamp = z.string()

export const userSchema = z.object({
  id: z.number(),
  tenant: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  roles: z.array(z.string()),
  // Test credentials are kept in clear: the control API shows them, like the Firebase emulator does.
  password: z.string(),
  createdAt: timestamp,
})

export const contactSchema = z.object({
  id: z.number(),
  tenant: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  createdAt: timestamp,
})

export const eventSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  title: z.string(),
  description: z.string(),
  location: z.string(),
  startsAt: timestamp,
  endsAt: timestamp,
  published: z.boolean(),
  createdAt: timestamp,
})

export const eventAttendSchema = z.object({
  id: z.number(),
  tenant: z.string(),
  eventId: z.string(),
  contactId: z.number(),
  status: z.enum(['invited', 'confirmed', 'declined']),
  comment: z.string().nullable(),
  hash: z.string(),
  createdAt: timestamp,
})

export const groupSchema = z.object({
  id: z.number(),
  tenant: z.string(),
  name: z.string(),
  description: z.string(),
  memberIds: z.array(z.number()),
})

export const formSchema = z.object({
  id: z.number(),
  tenant: z.string(),
  title: z.string(),
  description: z.string(),
  published: z.boolean(),
  createdAt: timestamp,
})

export const formSubmissionSchema = z.object({
  id: z.number(),
  tenant: z.string(),
  formId: z.number(),
  userId: z.number().nullable(),
  data: z.record(z.string(), z.unknown()),
  submittedAt: timestamp,
})

export const apiTokenSchema = z.object({
  id: z.number(),
  tenant: z.string(),
  userId: z.number(),
  name: z.string(),
  token: z.string(),
  isReadOnly: z.boolean(),
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  createdAt: timestamp,
})

export const sessionSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  userId: z.number(),
  // Orgo Authentication page: an OTP login's JWTs carry auth_strength "OTP"; absent means a password login.
  authStrength: z.enum(['password', 'OTP']).optional(),
  createdAt: timestamp,
})

// One code per purpose and email (`login:member@acme.test`): a new request replaces the pending one (SPEC 5).
export const otpCodeSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  purpose: z.enum(['login', 'password-reset']),
  email: z.string(),
  userId: z.number(),
  code: z.string(),
  attemptsLeft: z.number(),
  expiresAt: timestamp,
  usedAt: timestamp.nullable(),
  createdAt: timestamp,
})

export const refreshTokenSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  sessionId: z.string(),
  userId: z.number(),
  expiresAt: timestamp,
  revokedAt: timestamp.nullable(),
  createdAt: timestamp,
})

export type User = z.infer<typeof userSchema>
export type Contact = z.infer<typeof contactSchema>
export type Event = z.infer<typeof eventSchema>
export type EventAttend = z.infer<typeof eventAttendSchema>
export type Group = z.infer<typeof groupSchema>
export type Form = z.infer<typeof formSchema>
export type FormSubmission = z.infer<typeof formSubmissionSchema>
export type ApiToken = z.infer<typeof apiTokenSchema>
export type Session = z.infer<typeof sessionSchema>
export type RefreshToken = z.infer<typeof refreshTokenSchema>
export type OtpCode = z.infer<typeof otpCodeSchema>

export const ROLES = ['ROLE_USER', 'ROLE_MEMBER', 'ROLE_ADMIN'] as const
export type Role = (typeof ROLES)[number]
