import { spawnSync } from 'node:child_process'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createNodeSandbox } from '../mocks/node.ts'
import { startCli } from './cli-process.ts'
import { startTestServer, type TestServer } from './helpers.ts'

/**
 * Issue 22, item 5: the control surface (control API, in-process options, test API, CLI flags) refuses what it
 * does not read, naming the allowed keys and the nearest, so a typo is never silently a default.
 */

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
afterEach(async () => {
  await s.call({ method: 'POST', path: '/__sandbox/reset' })
})

const bad = (detail: string) => ({ title: 'Bad Request', detail, status: 400 })
const notFound = (detail: string) => ({ title: 'Not Found', detail, status: 404 })
const answer = (res: { status: number; json: unknown }) => [res.status, res.json]
const post = (path: string, body?: unknown, tenant?: string) => s.call({ method: 'POST', path, body, tenant })
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })
const emailsOf = (slug: string) =>
  s.sandbox
    .tenant(slug)!
    .users.all()
    .map((u) => u.email)

describe('control API: a key an endpoint does not read is a 400 naming the allowed keys and the nearest', () => {
  it('control API: {"emial": ...} on POST /__sandbox/sessions is a 400 naming email, not an admin session', async () => {
    const res = await post('/__sandbox/sessions', { emial: 'member@acme.test' })
    expect(answer(res)).toEqual([
      400,
      bad(
        'Unknown key "emial" in the body of POST /__sandbox/sessions. Did you mean "email"? Allowed keys: tenant, email.',
      ),
    ])
    expect(s.sandbox.tenant('acme')!.sessions.count()).toBe(0)
  })

  it('control API: {"readOnly": true} on POST /__sandbox/api-tokens is a 400 naming isReadOnly, and mints nothing', async () => {
    const before = s.sandbox.tenant('acme')!.apiTokens.count()
    const res = await post('/__sandbox/api-tokens', { email: 'member@acme.test', readOnly: true })
    expect(answer(res)).toEqual([
      400,
      bad(
        'Unknown key "readOnly" in the body of POST /__sandbox/api-tokens. Did you mean "isReadOnly"? Allowed keys: tenant, email, name, isReadOnly, expiresAt.',
      ),
    ])
    expect(s.sandbox.tenant('acme')!.apiTokens.count()).toBe(before)
  })

  // Every other control endpoint, body and query: each of these used to be ignored (a 2xx with the defaults).
  it.each([
    [
      'POST /__sandbox/oauth-tokens {"emial"}',
      { method: 'POST', path: '/__sandbox/oauth-tokens', body: { emial: 'member@acme.test' } },
      'Unknown key "emial" in the body of POST /__sandbox/oauth-tokens. Did you mean "email"? Allowed keys: tenant, email, scopes, clientId.',
    ],
    [
      'POST /__sandbox/oauth-apps {"redirectUri"}',
      {
        method: 'POST',
        path: '/__sandbox/oauth-apps',
        body: { name: 'CI', redirectUris: ['http://localhost:5173/cb'], redirectUri: 'http://x.test/cb' },
      },
      'Unknown key "redirectUri" in the body of POST /__sandbox/oauth-apps. Did you mean "redirectUris"? Allowed keys: tenant, name, description, redirectUris, scopes, client_id, client_secret.',
    ],
    [
      'POST /__sandbox/snapshots {"nme"}',
      { method: 'POST', path: '/__sandbox/snapshots', body: { nme: 'before' } },
      'Unknown key "nme" in the body of POST /__sandbox/snapshots. Did you mean "name"? Allowed keys: name.',
    ],
    [
      'POST /__sandbox/clock {"advnce"}',
      { method: 'POST', path: '/__sandbox/clock', body: { advnce: '1h' } },
      'Unknown key "advnce" in the body of POST /__sandbox/clock. Did you mean "advance"? Allowed keys: advance, set, freeze, real. Send {"advance": "10m"}, {"set": "2026-01-05T09:00:00Z"}, {"freeze": true} or {"real": true} (back to real time).',
    ],
    [
      'POST /__sandbox/reset {"keepScenarios"}',
      { method: 'POST', path: '/__sandbox/reset', body: { keepScenarios: true } },
      'Unknown key "keepScenarios" in the body of POST /__sandbox/reset. It takes no keys.',
    ],
    [
      'POST /__sandbox/snapshots/{id}/restore {"name"}',
      { method: 'POST', path: '/__sandbox/snapshots/1/restore', body: { name: 'before' } },
      'Unknown key "name" in the body of POST /__sandbox/snapshots/{id}/restore. It takes no keys.',
    ],
    [
      'POST /__sandbox/api-tokens?email=',
      { method: 'POST', path: '/__sandbox/api-tokens?email=member@acme.test', body: {} },
      'Unknown parameter "email" in POST /__sandbox/api-tokens. It takes no parameters.',
    ],
    [
      'GET /__sandbox/outbox?too=',
      { path: '/__sandbox/outbox?too=member@acme.test' },
      'Unknown parameter "too" in GET /__sandbox/outbox. Did you mean "to"? Allowed parameters: to, tenant, kind.',
    ],
    [
      'GET /__sandbox/otp?purpse=',
      { path: '/__sandbox/otp?email=member@acme.test&purpse=login' },
      'Unknown parameter "purpse" in GET /__sandbox/otp. Did you mean "purpose"? Allowed parameters: email, tenant, purpose.',
    ],
    [
      'GET /__sandbox/requests?limt=',
      { path: '/__sandbox/requests?limt=2' },
      'Unknown parameter "limt" in GET /__sandbox/requests. Did you mean "limit"? Allowed parameters: method, path, status, tenant, since, limit.',
    ],
    [
      'GET /__sandbox/endpoints?emulaton=',
      { path: '/__sandbox/endpoints?emulaton=full' },
      'Unknown parameter "emulaton" in GET /__sandbox/endpoints. Did you mean "emulation"? Allowed parameters: emulation, called.',
    ],
    [
      'GET /__sandbox/state?tenant=',
      { path: '/__sandbox/state?tenant=acme' },
      'Unknown parameter "tenant" in GET /__sandbox/state. It takes no parameters.',
    ],
  ])('control API: %s is a 400 naming the allowed keys', async (_name, input, detail) => {
    expect(answer(await s.call(input))).toEqual([400, bad(detail)])
  })
})

describe('control API: sessions and OAuth tokens never fall back to a default user', () => {
  it('control API: POST /__sandbox/sessions without an email is a 400 naming email and the tenant users; with one, that user', async () => {
    for (const [body, slug] of [
      [undefined, 'acme'],
      [{ tenant: 'globex' }, 'globex'],
    ] as const) {
      const res = await post('/__sandbox/sessions', body)
      const users = emailsOf(slug).join(', ')
      expect(users).toMatch(new RegExp(`^admin@${slug}\\.test, member@${slug}\\.test, `))
      expect(answer(res)).toEqual([
        400,
        bad(`"email" is required: the user to act as. Users of tenant "${slug}": ${users}.`),
      ])
    }
    expect(s.sandbox.tenant('acme')!.sessions.count()).toBe(0)
    const res = await post('/__sandbox/sessions', { email: 'member@acme.test' })
    const me = await s.call({ path: '/api/v1/me', headers: bearer(res.json.token) })
    expect([res.status, me.status, me.json.email]).toEqual([201, 200, 'member@acme.test'])
  })

  it('control API: POST /__sandbox/oauth-tokens without an email is a 400, not an admin token', async () => {
    const res = await post('/__sandbox/oauth-tokens', { scopes: ['profile'] })
    expect(answer(res)).toEqual([
      400,
      bad(`"email" is required: the user to act as. Users of tenant "acme": ${emailsOf('acme').join(', ')}.`),
    ])
  })

  it('control API: an unknown email is a 404 naming the nearest email, or the tenant it belongs to', async () => {
    expect(answer(await post('/__sandbox/sessions', { email: 'membr@acme.test' }))).toEqual([
      404,
      notFound('No user "membr@acme.test" in tenant "acme". Did you mean "member@acme.test"?'),
    ])
    expect(answer(await post('/__sandbox/oauth-tokens', { email: 'admin@globex.test' }))).toEqual([
      404,
      notFound(
        'No user "admin@globex.test" in tenant "acme". It is a user of tenant "globex": add {"tenant": "globex"}.',
      ),
    ])
    const far = await post('/__sandbox/sessions', { email: 'nobody@example.test' })
    expect(answer(far)).toEqual([
      404,
      notFound(
        `No user "nobody@example.test" in tenant "acme". Users of tenant "acme": ${emailsOf('acme').join(', ')}.`,
      ),
    ])
  })
})

describe('in process: createNodeSandbox() options and the test API throw on an unknown key', () => {
  it('createNodeSandbox({ tenats }) throws naming tenants and every allowed option', async () => {
    // `as never`: what a JavaScript caller, or a spread of a config object, can pass.
    await expect(createNodeSandbox({ tenats: ['acme', 'initech'] } as never)).rejects.toThrow(
      'Unknown option "tenats" in the sandbox options. Did you mean "tenants"? Allowed options: seed, seedDate, tenants, defaultTenant, baseDomains, loopbackIsDefaultTenant, contactsPerTenant, contactsByTenant, port, otpCode, oauthApps, scenarioDefinitions, scenarios, corsOrigins, allowedHosts, tenantPorts, appUrl, oauthDiscovery, store, genericOperations, webhookHosts, webhookSignature, webhookTransport, forwardWebhooks.',
    )
  })

  it.each([
    [
      'oauthApps[0].redirectUri',
      { oauthApps: [{ name: 'CI', redirectUri: ['http://localhost:5173/cb'] }] },
      'Unknown key "redirectUri" in oauthApps[0]. Did you mean "redirectUris"? Allowed keys: tenant, name, description, redirectUris, scopes, clientId, clientSecret.',
    ],
    [
      'scenarios[0].tenat',
      { scenarios: [{ name: 'expired-jwt', tenat: 'globex' }] },
      'Unknown key "tenat" in scenarios[0]. Did you mean "tenant"? Allowed keys: name, tenant, path, options.',
    ],
    [
      'contactsByTenant.globx',
      { contactsByTenant: { globx: 3 } },
      'Unknown tenant "globx" in contactsByTenant. Did you mean "globex"? Allowed tenants: acme, globex.',
    ],
  ])('createNodeSandbox({ %s }) throws naming the nearest key', async (_name, options, message) => {
    await expect(createNodeSandbox(options as never)).rejects.toThrow(message)
  })

  it('test API: tokens.mint({ readOnly }), outbox.list({ too }), otp.latest(, { purpse }), scenarios.use(, { tenat }) and oauthApps.create({ redirectUri }) throw', async () => {
    const { sandbox } = await createNodeSandbox()
    try {
      await expect(sandbox.tokens.mint({ readOnly: true } as never)).rejects.toMatchObject({
        status: 400,
        detail:
          'Unknown key "readOnly" in tokens.mint(). Did you mean "isReadOnly"? Allowed keys: tenant, email, name, isReadOnly, expiresAt.',
      })
      expect(() => sandbox.outbox.list({ too: 'member@acme.test' } as never)).toThrow(
        'Unknown key "too" in the filter of outbox.list(). Did you mean "to"? Allowed keys: to, tenant, kind.',
      )
      expect(() => sandbox.outbox.latest({ knd: 'login-otp' } as never)).toThrow(
        'Unknown key "knd" in the filter of outbox.latest(). Did you mean "kind"? Allowed keys: to, tenant, kind.',
      )
      expect(() => sandbox.otp.latest('member@acme.test', { purpse: 'login' } as never)).toThrow(
        'Unknown key "purpse" in the filter of otp.latest(). Did you mean "purpose"? Allowed keys: tenant, purpose.',
      )
      await expect(sandbox.scenarios.use('server-error', { tenat: 'globex' } as never)).rejects.toThrow(
        'Unknown key "tenat" in the narrowing of scenarios.use(). Did you mean "tenant"? Allowed keys: tenant, path.',
      )
      expect(sandbox.scenarios.active()).toEqual([])
      await expect(
        sandbox.oauthApps.create({ name: 'CI', redirectUri: ['http://localhost:5173/cb'] } as never),
      ).rejects.toThrow(
        'Unknown key "redirectUri" in oauthApps.create(). Did you mean "redirectUris"? Allowed keys: tenant, name, description, redirectUris, scopes, clientId, clientSecret.',
      )
    } finally {
      await sandbox.core.close()
    }
  })
})

describe('the CLI: a repeated flag is a start-up error', () => {
  it('the CLI: --port 0 --port 0 and --no-ui twice stop start-up naming the flag; --cors-origin, --allowed-host still repeat', async () => {
    for (const [args, flag] of [
      [['--no-ui', '--port', '0', '--port', '0'], '--port is given twice ("0", then "0")'],
      [['--no-ui', '--no-ui', '--port', '0'], '--no-ui is given twice'],
    ] as const) {
      const run = spawnSync(process.execPath, ['bin/sandbox.js', ...args], {
        encoding: 'utf8',
        timeout: 20_000,
      })
      expect([run.status, run.stdout]).toEqual([2, ''])
      expect(run.stderr).toContain(
        `${flag}: give it once (only --app-url, --oauth-app, --scenario, --allowed-host, --cors-origin, --webhook-host repeat).`,
      )
    }
    const cli = await startCli([
      '--cors-origin',
      'https://a.example.test',
      '--cors-origin',
      'https://b.example.test',
      '--allowed-host',
      'a.example.test',
      '--allowed-host',
      'b.example.test',
    ])
    try {
      expect(cli.child.exitCode).toBeNull()
    } finally {
      cli.stop()
    }
  }, 60_000)
})
