import type { StandardSchemaV1 } from '@standard-schema/spec'
import { describe, expect, it } from 'vitest'
import { oauthAppSchema, oauthTokenSchema } from './oauth-schema.ts'
import { otpCodeSchema, sessionSchema } from './schema.ts'

const issues = async (schema: StandardSchemaV1, value: unknown) => {
  const result = await schema['~standard'].validate(value)
  return result.issues?.map((i) => `${(i.path ?? []).map(String).join('.')}: ${i.message}`) ?? []
}

const app = {
  id: 1,
  tenant: 'acme',
  name: 'x',
  description: '',
  clientId: 'c',
  clientSecret: 's',
  redirectUris: ['http://localhost:5173/cb'],
  scopes: ['profile'],
  createdAt: '2026-01-01T00:00:00Z',
}

describe('record shapes: each problem with its path', () => {
  it.each<[string, StandardSchemaV1, unknown, string[]]>([
    ['a good session', sessionSchema, { id: 's', tenant: 'acme', userId: 1, createdAt: 't' }, []],
    [
      'wrong types, a missing key, a bad enum',
      sessionSchema,
      { id: 1, tenant: 'acme', authStrength: 'magic', createdAt: 't' },
      [
        'id: expected string, got 1',
        'userId: expected number, got nothing',
        'authStrength: expected one of password, OTP or nothing, got "magic"',
      ],
    ],
    [
      'nullable',
      otpCodeSchema,
      {
        id: 'o',
        tenant: 'acme',
        purpose: 'login',
        email: 'e',
        userId: 1,
        code: '1',
        attemptsLeft: 3,
        expiresAt: 't',
        usedAt: 5,
        createdAt: 't',
      },
      ['usedAt: expected string or null, got 5'],
    ],
    ['a good app', oauthAppSchema, app, []],
    [
      'array items and the redirect rule',
      oauthAppSchema,
      {
        ...app,
        redirectUris: ['https://ok.example/cb', 'http://evil.example/steal', 7],
        scopes: ['profile', 'admin'],
      },
      [
        'redirectUris.1: http://evil.example/steal: http is allowed only for localhost and loopback addresses: use https.',
        'redirectUris.2: expected string, got 7',
        'scopes.1: expected one of profile, email, groups, roles, got "admin"',
      ],
    ],
    [
      'not an array',
      oauthTokenSchema,
      { scopes: 'profile' },
      expect.arrayContaining([
        'scopes: expected an array of one of profile, email, groups, roles, got "profile"',
      ]),
    ],
    ['not a record', sessionSchema, [1], [': expected a record, got [1]']],
  ])('%s', async (_, schema, value, expected) => {
    expect(await issues(schema, value)).toEqual(expected)
  })
})
