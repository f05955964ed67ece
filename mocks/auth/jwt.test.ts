import { compactVerify, generateKeyPair, importJWK, SignJWT } from 'jose'
import { expect, it } from 'vitest'
import { createClock } from '../clock.ts'
import { createJwtService, MAX_CACHED_BYTES } from './jwt.ts'

it('the JWKS publishes the public half of the key the JWTs are signed with', async () => {
  const jwt = await createJwtService(createClock())
  const token = await jwt.sign({ username: 'member@acme.test', roles: ['ROLE_USER'] })
  const { keys } = await jwt.jwks()
  expect(keys).toHaveLength(1)
  expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })
  expect(keys[0]).not.toHaveProperty('d')
  const { protectedHeader } = await compactVerify(token, await importJWK(keys[0]!, 'RS256'))
  expect(protectedHeader.kid).toBe(keys[0]!.kid)
  const check = await jwt.verify(token)
  expect(check).toMatchObject({ ok: true, claims: { username: 'member@acme.test' } })
})

it('N10: a JWT signed with any other RS256 key is refused', async () => {
  const jwt = await createJwtService(createClock())
  const { kid } = (await jwt.jwks()).keys[0]!
  const { privateKey } = await generateKeyPair('RS256')
  const now = Math.floor(Date.now() / 1000)
  const forged = await new SignJWT({ username: 'admin@acme.test', roles: ['ROLE_ADMIN'] })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey)
  expect(await jwt.verify(forged)).toEqual({ ok: false, error: 'invalid' })
})

it('N6: the verify cache stays within its byte bound however many large valid tokens arrive', async () => {
  const jwt = await createJwtService(createClock())
  // 13 KB tokens, as in the finding: 400 of them are 5 MB of token text, over the 4 MiB bound.
  const padding = 'x'.repeat(10_000)
  for (let i = 0; i < 400; i++) {
    const token = await jwt.sign({ username: `user${i}@acme.test`, roles: ['ROLE_USER'], padding })
    expect((await jwt.verify(token)).ok).toBe(true)
    expect(jwt.cached().chars).toBeLessThanOrEqual(MAX_CACHED_BYTES)
  }
  expect(jwt.cached().tokens).toBeGreaterThan(0)
  expect(jwt.cached().tokens).toBeLessThan(400)
})
