import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createTcpServer, type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startCli, type CliProcess } from './cli-process.ts'
import { rawCall } from './helpers.ts'

/**
 * Issue 15 through the real CLI, as a new user types it: a mistake stops with one line that says what to
 * change (the nearest name when it is a typo), never a stack trace, a silent default or a wait forever.
 */

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** `node bin/sandbox.js ...args` to its end, stdin a pipe (no terminal), within 20 s. */
function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/sandbox.js', ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`sandbox ${args.join(' ')} did not end:\n${stdout}\n${stderr}`))
    }, 20_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

const HELP_LINE = 'Run "sandbox --help" for the options.\n'

let cli: CliProcess | undefined
const servers: Array<{ close(): unknown }> = []
afterEach(() => {
  cli?.stop()
  cli = undefined
  for (const server of servers.splice(0)) server.close()
})

describe('start-up mistakes: one line with the nearest name, exit 2', () => {
  it.each([
    [
      ['--tenant', 'globx'],
      'sandbox: --tenant globx names no tenant. Did you mean globex? Tenants: acme, globex; to create one, list it: --tenants acme,globex,globx\n',
    ],
    [['--tenat', 'globex'], 'sandbox: unknown option --tenat. Did you mean --tenant?\n'],
    [
      ['--cors-orign', 'http://x.test'],
      'sandbox: unknown option --cors-orign. Did you mean --cors-origin?\n',
    ],
    [['--no-iu'], 'sandbox: unknown option --no-iu. Did you mean --no-ui?\n'],
    [['dmeo'], 'sandbox: unknown command "dmeo". Did you mean demo?\n'],
    [['frobnicate'], 'sandbox: unknown command "frobnicate". Commands: demo, init-worker.\n'],
    [['--tenants', 'acme,,globex'], 'sandbox: --tenants takes slugs separated by commas, e.g. acme,globex\n'],
    [
      ['--app-url', 'localhost:5173'],
      'sandbox: --app-url (appUrl) takes an http(s) URL without query or fragment, e.g. http://localhost:5173 or acme=http://localhost:5173/app; got "localhost:5173".\n',
    ],
  ])('sandbox %j', async (args, message) => {
    const result = await run(['--no-ui', '--port', '0', ...args])
    expect(result).toEqual({ code: 2, stdout: '', stderr: message + HELP_LINE })
  })

  it('a misspelt --scenario names the nearest scenario', async () => {
    const result = await run(['--no-ui', '--port', '0', '--scenario', 'expird-jwt'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^sandbox: Unknown scenario "expird-jwt"\. Did you mean "expired-jwt"\? Known scenarios: /,
    )
  })

  it("README's flag table has each flag of --help exactly once, and no other", async () => {
    const { stdout } = await run(['--help'])
    const helpFlags = [...new Set(stdout.match(/--[a-z][a-z0-9-]*/g))].sort()
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const table = readme.slice(
      readme.indexOf('| Flag | |'),
      readme.indexOf('\n\n', readme.indexOf('| Flag | |')),
    )
    // Only the first cell of each row names flags; the second may mention others.
    const cells = table
      .split('\n')
      .slice(2)
      .map((row) => row.split('|')[1]!)
    const tableFlags = cells.flatMap((cell) => cell.match(/--[a-z][a-z0-9-]*/g) ?? [])
    expect([...tableFlags].sort()).toEqual(helpFlags)
  })

  it('--help lists --tenants and --app-url', async () => {
    const { stdout } = await run(['--help'])
    expect(stdout).toContain(
      '  --tenants A,B,C   the tenants to seed, comma-separated (default acme,globex)\n',
    )
    expect(stdout).toContain('  --app-url URL     where mailed links (invitations) point: your front end')
  })
})

describe('--tenants and --tenant', () => {
  it('creates the tenants listed; --tenant picks the one on the bare host', async () => {
    cli = await startCli(['--tenants', 'acme,initech', '--tenant', 'initech'])
    await cli.seen(/Try:/)
    expect(cli.output()).toContain(
      `  initech    http://initech.localhost:${cli.port}  (default: also http://127.0.0.1:${cli.port})\n`,
    )
    expect(cli.output()).not.toContain('globex')
    const me = await rawCall(cli.port, {
      method: 'POST',
      host: `127.0.0.1:${cli.port}`,
      path: '/api/v1/login-check',
      body: { username: 'admin@initech.test', password: 'password' },
    })
    expect(me.status).toBe(200)
  })
})

describe('the banner', () => {
  it("shows each tenant's OAuth app with its own tenant's authorize URL, and startup scenarios with options", async () => {
    cli = await startCli([
      '--scenario',
      'slow-network,latencyMs=5,tenant=globex',
      '--scenario',
      'expired-jwt',
    ])
    await cli.seen(/Try:/)
    const out = cli.output()
    for (const slug of ['acme', 'globex'])
      expect(out).toMatch(
        new RegExp(
          `  ${slug} +\\w+ Corporation Demo App  client_id \\S+  client_secret \\S+\\n +authorize http://${slug}\\.localhost:${cli.port}/oauth/authorize\\n`,
        ),
      )
    expect(out).toContain('Scenarios on:\n  slow-network latencyMs=5 (tenant globex)\n  expired-jwt\n')
  })
})

describe('--app-url on the command line', () => {
  it('points mailed links at the app: one URL for all, SLUG=URL for one tenant', async () => {
    cli = await startCli([
      '--app-url',
      'http://localhost:5173',
      '--app-url',
      'globex=http://globex.test:8080/app/',
    ])
    for (const [slug, base] of [
      ['acme', 'http://localhost:5173'],
      ['globex', 'http://globex.test:8080/app'],
    ] as const) {
      const state = (await rawCall(cli.port, { path: '/__sandbox/state' })).json
      const token = state.apiTokens.find(
        (k: { tenant: string; isReadOnly: boolean }) => k.tenant === slug && !k.isReadOnly,
      ).token
      const event = (
        await rawCall(cli.port, {
          tenant: slug,
          path: '/api/v1/events?status=published',
          headers: { 'Api-Token': token },
        })
      ).json['hydra:member'][0]
      const sent = await rawCall(cli.port, {
        method: 'POST',
        tenant: slug,
        path: `/api/v1/events/${event.uuid}/send-invites`,
        headers: { 'Api-Token': token },
      })
      expect(sent.status).toBe(201)
      const mails = (
        await rawCall(cli.port, { path: `/__sandbox/outbox?tenant=${slug}&kind=event-invitation` })
      ).json
      expect(mails.length).toBeGreaterThan(0)
      for (const mail of mails)
        expect(mail.link).toMatch(new RegExp(`^${base}/events/${event.uuid}/rsvp/\\d+\\?hash=`))
    }
  })
})

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  servers.push(server)
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  )
}

describe("parse errors in the tool's one-line style", () => {
  it('an option without its value, a flag given one', async () => {
    expect(await run(['--db'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'sandbox: --db needs a value: --db FILE.\nRun "sandbox --help" for the options.\n',
    })
    const flag = await run(['--no-ui=3'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toBe(
      'sandbox: --no-ui takes no value: give it alone (--no-ui), or leave it out.\nRun "sandbox --help" for the options.\n',
    )
  })
})

describe('a second sandbox on a port a sandbox holds', () => {
  it('says which process holds it (its pid, from GET /__sandbox/health) in one line', async () => {
    cli = await startCli()
    const port = cli.port
    const health = await fetch(`http://127.0.0.1:${port}/__sandbox/health`)
    const pid = health.headers.get('x-sandbox-pid')
    expect(pid).toMatch(/^\d+$/)
    const second = await run(['--no-ui', '--port', String(port)])
    expect(second.code).toBe(2)
    expect(second.stderr).toBe(
      `sandbox: port ${port} is held by another orgo-sandbox (pid ${pid}): stop it (kill ${pid}), or pick another port with --port\nRun "sandbox --help" for the options.\n`,
    )
  })

  it('names another program that holds it', async () => {
    const port = await listen(createHttpServer((_req, res) => res.end('<!doctype html>')))
    const second = await run(['--no-ui', '--port', String(port)])
    expect(second.code).toBe(2)
    expect(second.stderr).toMatch(
      /^sandbox: port \d+ is held by another program \(GET \/__sandbox\/health answered 200 /,
    )
  })
})

describe('sandbox demo', () => {
  it('refuses a foreign server that answers 200, in one line', async () => {
    const port = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' })
        res.end('<!doctype html><title>Vite</title>')
      }),
    )
    const result = await run(['demo', 'api-token', '--no-pause', '--port', String(port)])
    expect(result).toEqual({
      code: 2,
      stdout: `Port ${port} is held by another program, not an Orgo sandbox (GET /__sandbox/health answered 200 text/html): stop it, or pass --port N.\n`,
      stderr: '',
    })
  })

  it('refuses a JSON health answer that is not a sandbox', async () => {
    const port = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end('{"status":"UP"}')
      }),
    )
    const result = await run(['demo', 'api-token', '--no-pause', '--port', String(port)])
    expect(result.code).toBe(2)
    expect(result.stdout).toContain('(GET /__sandbox/health answered 200 application/json)')
  })

  it('says so in one line, no stack trace, when the port is held by a program that is not HTTP', async () => {
    const port = await listen(createTcpServer((socket) => socket.destroy()))
    const result = await run(['demo', 'api-token', '--no-pause', '--port', String(port)])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(
      new RegExp(
        `^Port ${port} is held by another program, not an Orgo sandbox \\(it does not speak HTTP \\(ECONNRESET\\)\\): stop it, or pass --port N\\.\\n$`,
      ),
    )
  })

  it('still uses a sandbox that is running', async () => {
    cli = await startCli()
    const result = await run(['demo', 'api-token', '--no-pause', '--port', String(cli.port)])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Using the sandbox already answering on port \d+\.\n/)
  })

  it('without a terminal, the menu asks for a flow name instead of waiting', async () => {
    const result = await run(['demo'])
    expect(result).toEqual({
      code: 2,
      stdout:
        'No terminal to show the menu on: pass a flow name (sandbox demo api-token; flows: api-token, jwt, otp, oauth, contact-hash, errors), or --no-pause to run them all.\n',
      stderr: '',
    })
  })

  it('names the nearest flow and flag', async () => {
    expect(await run(['demo', 'otpp', '--no-pause'])).toMatchObject({
      code: 2,
      stdout:
        'Unknown demo flow "otpp". Did you mean "otp"? Flows: api-token, jwt, otp, oauth, contact-hash, errors.\n',
    })
    const flag = await run(['demo', '--no-pase'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toMatch(/^sandbox demo: unknown option --no-pase\. Did you mean --no-pause\?\n/)
  })
})
