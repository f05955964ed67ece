import { exportJWK, importPKCS8 } from 'jose'
import { expect, it } from 'vitest'
import { createClock } from '../clock.ts'
import { DEV_SIGNING_KEY_ID, DEV_SIGNING_KEY_PKCS8 } from './dev-signing-key.ts'
import { createJwtService } from './jwt.ts'

it('the JWKS, read from the key without jose, is the public half jose exports', async () => {
  const { n, e } = await exportJWK(await importPKCS8(DEV_SIGNING_KEY_PKCS8, 'RS256', { extractable: true }))
  const jwt = await createJwtService(createClock())
  expect(jwt.jwks()).toEqual({
    keys: [{ kty: 'RSA', n, e, alg: 'RS256', use: 'sig', kid: DEV_SIGNING_KEY_ID }],
  })
  const check = await jwt.verify(await jwt.sign({ username: 'member@acme.test', roles: ['ROLE_USER'] }))
  expect(check).toMatchObject({ ok: true, claims: { username: 'member@acme.test' } })
})
