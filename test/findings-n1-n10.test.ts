import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair, SignJWT } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { DuplicateKeyError, Table } from '../mocks/db/table.ts'
import { startTestServer, type CallResult, type TestServer } from './helpers.ts'

// findings-3 N1 and N10 (issue 22, item 1): a credential issued before a reset or a restart never authenticates
// afterwards as anyone else, secrets never repeat, and a JWT this sandbox did not issue is refused.

const INVALID_JWT = [401, 'Invalid JWT Token']
const open: TestServer[] = []
afterEach(async () => {
  for (const s of open.splice(0)) await s.close()
})

async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer(options)
  open.push(s)
  return s
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })
const outcome = (res: CallResult) => [res.status, res.json?.detail ?? res.json?.email]
const me = (s: TestServer, headers: Record<string, string>, tenant = 'acme') =>
  s.call({ path: '/api/v1/me', tenant, headers })
const reset = (s: TestServer) => s.call({ method: 'POST', path: '/__sandbox/reset' })

async function otpLogin(s: TestServer, email: string, tenant = 'acme') {
  await s.call({ method: 'POST', path: '/api/v1/request-login-otp', tenant, body: { email } })
  const { otp } = (await s.call({ path: `/__sandbox/otp?email=${email}&tenant=${tenant}` })).json
  const res = await s.call({ method: 'POST', path: '/api/v1/verify-login-otp', tenant, body: { email, otp } })
  expect(res.status).toBe(200)
  return res.json as { token: string; refresh_token: string }
}

describe('N1: credentials after a reset', () => {
  it("N1: a member's JWT kept from before a reset is refused, never answering as the globex admin", async () => {
    const s = await start()
    const member = await s.login('member@acme.test')
    expect(outcome(await me(s, bearer(member.token)))).toEqual([200, 'member@acme.test'])
    await reset(s)
    const admin = await s.login('admin@globex.test')
    expect(admin.refresh_token).not.toBe(member.refresh_token)
    expect(outcome(await me(s, bearer(member.token)))).toEqual(INVALID_JWT)
    expect(outcome(await me(s, bearer(member.token), 'globex'))).toEqual(INVALID_JWT)
    const refresh = await s.call({
      method: 'POST',
      path: '/api/v1/token/refresh',
      tenant: 'globex',
      body: { refresh_token: member.refresh_token },
    })
    expect(outcome(refresh)).toEqual([401, 'JWT Refresh Token Not Found'])
    expect(outcome(await me(s, bearer(admin.token), 'globex'))).toEqual([200, 'admin@globex.test'])
  })

  it('N1: a read-only Api-Token minted before a reset is refused after it, and the next mint differs', async () => {
    const s = await start()
    const mint = (body: unknown) => s.call({ method: 'POST', path: '/__sandbox/api-tokens', body })
    const before = await mint({ tenant: 'acme', email: 'member@acme.test', isReadOnly: true })
    expect(before.status).toBe(201)
    await reset(s)
    const after = await mint({ tenant: 'globex', email: 'admin@globex.test' })
    expect(after.json.token).not.toBe(before.json.token)
    for (const tenant of ['acme', 'globex'])
      expect(outcome(await me(s, { 'Api-Token': before.json.token }, tenant))).toEqual([
        401,
        'Invalid API token.',
      ])
  })

  it('N1: same seed, same seeded tokens; every secret issued after the seed is new in each sandbox', async () => {
    const [a, b] = [await start({ otpCode: undefined }), await start()]
    expect(a.tokens('acme')).toEqual(b.tokens('acme'))
    const issued = async (s: TestServer) => {
      const login = await s.login('member@acme.test')
      const otp = await otpLogin(s, 'admin@acme.test')
      const invite = await s.call({
        method: 'POST',
        path: '/api/v1/event_attend_invite_external',
        headers: { 'Api-Token': s.tokens('acme').rw },
        body: {
          entity: {
            email: s.sandbox.tenant('acme')!.contacts.get(10)!.email,
            event: s.sandbox
              .tenant('acme')!
              .events.all()
              .find((e) => e.status === 'published')!.uuid,
          },
        },
      })
      const sessions = s.sandbox
        .tenant('acme')!
        .sessions.all()
        .map((x) => x.id)
      return [login.token, login.refresh_token, otp.refresh_token, invite.json.hash, ...sessions]
    }
    const first = await issued(a)
    await reset(a)
    const second = await issued(a)
    const third = await issued(b)
    const all = [...first, ...second, ...third]
    expect(all.every((v) => typeof v === 'string' && v.length >= 32)).toBe(true)
    expect(new Set(all).size).toBe(all.length)
  })

  it("N1: a JWT whose username is not its session's user is refused", async () => {
    const s = await start()
    await s.login('member@acme.test')
    const session = s.sandbox.tenant('acme')!.sessions.all()[0]!
    // Signed with the sandbox's own key: only the username/session binding can refuse it.
    const token = await s.sandbox.jwt.sign({
      username: 'admin@acme.test',
      roles: ['ROLE_ADMIN'],
      session_id: session.id,
    })
    expect(outcome(await me(s, bearer(token)))).toEqual(INVALID_JWT)
  })

  it('N1: a table refuses an insert whose id or unique value exists, and keeps the first record', () => {
    const schema = { '~standard': { version: 1, vendor: 't', validate: (v: unknown) => ({ value: v }) } }
    const table = new Table<{ id: number; token: string }>(schema as never, ['token'])
    table.insertNow({ id: 1, token: 'a' })
    expect(() => table.insertNow({ id: 1, token: 'b' })).toThrow(DuplicateKeyError)
    expect(() => table.insertNow({ id: 2, token: 'a' })).toThrow(/token exists \(id 1\)/)
    expect(() => table.updateNow({ id: 1, token: 'a' }, (d) => void (d.id = 2))).toThrow()
    table.insertNow({ id: 2, token: 'b' })
    expect(() => table.updateNow(table.get(2)!, (d) => void (d.token = 'a'))).toThrow(DuplicateKeyError)
    expect(table.findUnique('token', 'a')).toEqual({ id: 1, token: 'a' })
    expect(table.all()).toEqual([
      { id: 1, token: 'a' },
      { id: 2, token: 'b' },
    ])
  })
})

describe('N1 with --db: restarts on the same file', () => {
  let dir: string
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it("N1: after a restart the run-1 member JWT is still the member's, and new sessions and hashes are new", async () => {
    dir = await mkdtemp(join(tmpdir(), 'sandbox-n1-'))
    const dbFile = join(dir, 'db.json')
    const invite = (s: TestServer, contact: number) =>
      s.call({
        method: 'POST',
        path: '/api/v1/event_attend_invite_external',
        headers: { 'Api-Token': s.tokens('acme').rw },
        body: {
          entity: {
            email: s.sandbox.tenant('acme')!.contacts.get(contact)!.email,
            event: s.sandbox
              .tenant('acme')!
              .events.all()
              .find((e) => e.status === 'published')!.uuid,
          },
        },
      })
    const run1 = await start({ dbFile })
    const member = await run1.login('member@acme.test')
    const alice = (await invite(run1, 10)).json as { id: number; hash: string }
    await run1.close()
    open.length = 0

    const run2 = await start({ dbFile })
    const admin = await run2.login('admin@acme.test')
    expect(outcome(await me(run2, bearer(member.token)))).toEqual([200, 'member@acme.test'])
    expect(outcome(await me(run2, bearer(admin.token)))).toEqual([200, 'admin@acme.test'])
    expect(admin.refresh_token).not.toBe(member.refresh_token)
    const bob = (await invite(run2, 11)).json as { id: number; hash: string }
    expect(bob.hash).not.toBe(alice.hash)
    const asAlice = await run2.call({
      path: `/api/v1/event_attends/${alice.id}`,
      headers: { 'X-Contact-Hash': alice.hash },
    })
    expect([asAlice.status, asAlice.json.id]).toEqual([200, alice.id])
  })
})

describe('N10: only JWTs this sandbox issued', () => {
  const otpClaims = (email: string, tenant: string) => ({
    username: email,
    roles: ['ROLE_ADMIN'],
    auth_strength: 'OTP',
    verified_email: email,
    tenant,
  })

  it('N10: an OTP JWT minted offline with any other key is refused on every tenant', async () => {
    const s = await start()
    const { kid } = (await s.call({ path: '/.well-known/jwks.json' })).json.keys[0]
    const { privateKey } = await generateKeyPair('RS256')
    for (const tenant of ['acme', 'globex']) {
      const forged = await new SignJWT(otpClaims(`admin@${tenant}.test`, tenant))
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey)
      expect(outcome(await me(s, bearer(forged), tenant))).toEqual(INVALID_JWT)
    }
  })

  it('N10: an OTP JWT signed with the right key but of no verification of this sandbox is refused', async () => {
    const s = await start()
    const forged = await s.sandbox.jwt.sign(otpClaims('admin@acme.test', 'acme'))
    expect(outcome(await me(s, bearer(forged)))).toEqual(INVALID_JWT)
    const real = await otpLogin(s, 'member@acme.test')
    expect(outcome(await me(s, bearer(real.token)))).toEqual([200, 'member@acme.test'])
    await reset(s)
    expect(outcome(await me(s, bearer(real.token)))).toEqual(INVALID_JWT)
  })

  it('N10: with --db the key is generated once, kept beside the file (0600) and published', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sandbox-n10-'))
    const dbFile = join(dir, 'db.json')
    const run1 = await start({ dbFile })
    const jwks1 = (await run1.call({ path: '/.well-known/jwks.json' })).json
    const keyFile = `${dbFile}.signing-key.json`
    const saved = JSON.parse(await readFile(keyFile, 'utf8'))
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600)
    expect(saved).toMatchObject({ kty: 'RSA', kid: jwks1.keys[0].kid, n: jwks1.keys[0].n })
    expect(jwks1.keys[0]).not.toHaveProperty('d')
    await run1.close()
    open.length = 0
    const run2 = await start({ dbFile })
    expect((await run2.call({ path: '/.well-known/jwks.json' })).json).toEqual(jwks1)
  })
  let dir: string
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })
})
