// First, before the sandbox's modules load and seed: on a terminal it keeps the dashboard's heap small (issue 13).
import { dashboardWanted } from './ui/idle-memory.ts'
import { existsSync, readFileSync } from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { parseAppUrlFlags } from './mocks/app-url.ts'
import { parseOAuthAppFlag } from './mocks/auth/oauth-apps.ts'
import { didYouMean, explainArgError } from './mocks/did-you-mean.ts'
import { snapshotState } from './mocks/handlers/control.ts'
import type { FeedEvent } from './mocks/feed.ts'
import { createSandbox } from './mocks/sandbox.ts'
import type { SandboxOptions } from './mocks/core.ts'
import { DEFAULT_TENANTS } from './mocks/core.ts'
import { parseScenarioFlag } from './mocks/scenario-flag.ts'
import { SCENARIOS } from './scenarios/index.ts'
import { portHeld } from './mocks/port-probe.ts'
import { startServer } from './mocks/server.ts'
import { terminalSafe } from './mocks/http/terminal-safe.ts'
import { ALT_SCREEN, formatBanner, formatChange, formatRequestLine } from './ui/format.ts'
import { createLogWriter } from './ui/log-writer.ts'
import { nodeTransport } from './mocks/webhooks/transport-node.ts'

// Subcommands first; plain `sandbox [options]` starts the server.
const COMMANDS = ['demo', 'init-worker']
if (process.argv[2] === 'demo') {
  const { demoCommand } = await import('./demo/demo-command.ts')
  process.exit(await demoCommand(process.argv.slice(3)))
}
if (process.argv[2] === 'init-worker') {
  const { initWorkerCommand } = await import('./mocks/init-worker.ts')
  process.exit(initWorkerCommand(process.argv.slice(3), process.stdout, process.stderr))
}

// Beside cli.ts in the repository, above dist/cli.js or dist/bin/cli.js in the package.
const pkgUrl = ['./package.json', '../package.json', '../../package.json']
  .map((path) => new URL(path, import.meta.url))
  .find((u) => existsSync(u))!
const pkg = JSON.parse(readFileSync(pkgUrl, 'utf8')) as {
  version: string
}

const HELP = `Usage: sandbox [options]
       sandbox demo [flow] [--no-pause]   walk through each auth flow (sandbox demo --help)
       sandbox init-worker <publicDir>    write mockServiceWorker.js for orgo-sandbox/browser

Starts the Orgo API sandbox: every Orgo authentication flow, offline.

Options:
  --port N          port to listen on (default 4010)
  --host ADDR       address to bind (default 127.0.0.1; loopback only unless --allow-remote)
  --allow-remote    allow a non-loopback --host
  --tenant SLUG     default tenant, answering on bare localhost (default: the first of --tenants)
  --tenants A,B,C   the tenants to seed, comma-separated (default acme,globex)
  --seed N          data seed: same seed, same data, same tokens
  --seed-date DATE  the day seeded records are dated around, e.g. 2026-01-05 (default: today, so the
                    seeded upcoming events are upcoming); pin it for data that never changes
  --otp-code CODE   every emailed one-time code is CODE (6 digits, e.g. 000000)
  --oauth-app SPEC  add an OAuth app (repeatable), SPEC is comma-separated key=value pairs:
                    name=My app,redirect=http://localhost:5173/cb,scopes=profile email
                    keys: name, redirect (repeatable), scopes (space-separated; default all four),
                    description, tenant (default: the default tenant), client_id, client_secret
                    (pinned credentials; generated from the seed otherwise). Values cannot hold commas.
  --oauth-discovery serve RFC 8414 metadata at /.well-known/oauth-authorization-server
  --scenario SPEC   switch a scenario on from the start (repeatable); SPEC is NAME[,tenant=SLUG][,path=PATTERN]
                    [,OPTION=VALUE], e.g. expired-jwt  or  server-error,tenant=globex,path=/api/v1/events*
                    scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}
  --db FILE         json-server db.json: its collections replace the seeded ones, other collections are
                    served under /api/v1/<name>, and every change is saved back to FILE (created if missing)
  --allowed-host H  also serve Host H as the default tenant (repeatable; .example.test for its subdomains too);
                    any other name is refused with 403 (DNS-rebinding defence)
  --tenant-ports    each tenant also answers on its own port after --port (acme 4011, globex 4012, ...),
                    for clients that cannot set a Host header or resolve *.localhost
  --cors-origin O   let pages on origin O call the emulated API (repeatable); local origins
                    (localhost, 127.0.0.1, *.localhost) always may; the control API never grants CORS
  --app-url URL     where mailed links (invitations) point: your front end, e.g. http://localhost:5173;
                    SLUG=URL for one tenant (repeatable); {tenant} in URL is the slug. Without it the
                    sandbox answers the links with a page showing the hash and how to use it
  --no-generic      route only the operations emulated in full; the other operations of Orgo's index
                    (787 in all, answered by the schema engine by default) get 404. GET /__sandbox/endpoints
                    lists every operation, full or schema, and its calls this run
  --webhook-host H  also deliver webhooks to host H (repeatable); by default only to loopback addresses
                    and *.localhost, and a subscription to any other host is refused with a 422
  --forward-webhooks URL
                    subscribe URL to every webhook event of every tenant at start (as the Stripe CLI's
                    listen command forwards); URL must be on loopback, *.localhost or a --webhook-host
  --webhook-signature S
                    how deliveries to a subscription with a secret are signed in X-Webhook-Signature:
                    n8n (default: what Orgo's n8n trigger node checks), hmac-sha256 or none
  --no-ui           plain log lines instead of the dashboard
  --help            this help
  --version         the version
`

function fail(message: string): never {
  // A message may quote a hostile db.json's keys: no escape sequence of it reaches the terminal (findings N7).
  process.stderr.write(`sandbox: ${terminalSafe(message)}\nRun "sandbox --help" for the options.\n`)
  process.exit(2)
}

const OPTIONS = {
  port: { type: 'string', default: '4010' },
  host: { type: 'string', default: '127.0.0.1' },
  'allow-remote': { type: 'boolean', default: false },
  tenant: { type: 'string' },
  tenants: { type: 'string' },
  'app-url': { type: 'string', multiple: true },
  seed: { type: 'string' },
  'seed-date': { type: 'string' },
  'otp-code': { type: 'string' },
  'oauth-app': { type: 'string', multiple: true },
  'oauth-discovery': { type: 'boolean', default: false },
  scenario: { type: 'string', multiple: true },
  db: { type: 'string' },
  'allowed-host': { type: 'string', multiple: true },
  'cors-origin': { type: 'string', multiple: true },
  'tenant-ports': { type: 'boolean', default: false },
  'no-ui': { type: 'boolean', default: false },
  'no-generic': { type: 'boolean', default: false },
  'webhook-host': { type: 'string', multiple: true },
  'webhook-signature': { type: 'string' },
  'forward-webhooks': { type: 'string' },
  help: { type: 'boolean', default: false },
  version: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options']

function parseCli() {
  let parsed
  try {
    parsed = parseArgs({ options: OPTIONS, strict: true, allowPositionals: false, tokens: true })
  } catch (error) {
    return fail(explainArgError(error as Error, HELP, COMMANDS))
  }
  // parseArgs keeps the last of a repeated flag: `--port 1 --port 2` would silently be port 2 (issue 22).
  const seen = new Map<string, string | undefined>()
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || 'multiple' in OPTIONS[token.name as keyof typeof OPTIONS]) continue
    if (seen.has(token.name)) {
      const values = [seen.get(token.name), token.value].filter((v) => v !== undefined)
      const shown = values.length ? ` (${values.map((v) => JSON.stringify(v)).join(', then ')})` : ''
      const repeatable = Object.keys(OPTIONS).filter(
        (name) => 'multiple' in OPTIONS[name as keyof typeof OPTIONS],
      )
      fail(`--${token.name} is given twice${shown}: give it once (only --${repeatable.join(', --')} repeat).`)
    }
    seen.set(token.name, token.value)
  }
  return parsed.values
}

const flags = parseCli()
if (flags.help) {
  process.stdout.write(HELP)
  process.exit(0)
}
if (flags.version) {
  process.stdout.write(`${pkg.version}\n`)
  process.exit(0)
}
// The dashboard on a terminal; plain log lines for pipes, CI logs and --no-ui (SPEC 11).
const dashboard = dashboardWanted(flags['no-ui'] === true)
const port = Number(flags.port)
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a port number, got "${flags.port}"`)
const seed = flags.seed === undefined ? undefined : Number(flags.seed)
if (seed !== undefined && !Number.isSafeInteger(seed)) fail(`--seed must be an integer, got "${flags.seed}"`)
// The parsed address, not a prefix: `127.evil.example` is a DNS name that resolves anywhere.
const loopback =
  ['localhost', '::1', '[::1]'].includes(flags.host) || /^127(?:\.\d{1,3}){3}$/.test(flags.host)
if (!loopback && !flags['allow-remote'])
  fail(`--host ${flags.host} is not loopback: add --allow-remote to expose test credentials`)

// Only --db reads and saves a file: its modules (and json-server's, for collections) load only then.
let store
try {
  store =
    flags.db === undefined
      ? undefined
      : await (await import('./mocks/db/persistence.ts')).openDbFile(flags.db)
} catch (error) {
  fail((error as Error).message)
}
// --tenant picks among the tenants, never creates one: `--tenant globx` is a typo, not a new tenant.
const named = flags.tenants?.split(',').map((slug) => slug.trim())
if (named?.some((slug) => slug === '')) fail(`--tenants takes slugs separated by commas, e.g. acme,globex`)
const tenantSlugs = [...new Set([...(named ?? DEFAULT_TENANTS), ...(store?.tenants ?? [])])]
if (flags.tenant !== undefined && !tenantSlugs.includes(flags.tenant))
  fail(
    `--tenant ${flags.tenant} names no tenant.${didYouMean(flags.tenant, tenantSlugs, '')} ` +
      `Tenants: ${tenantSlugs.join(', ')}; to create one, list it: --tenants ${[...tenantSlugs, flags.tenant].join(',')}`,
  )
// --tenant-ports: the tenants in order on the ports after --port (4011, 4012, ...), for clients that cannot set Host.
if (flags['tenant-ports'] && port === 0)
  fail('--tenant-ports needs a fixed --port: the tenants take the ports after it')
const tenantPorts = flags['tenant-ports']
  ? Object.fromEntries(tenantSlugs.map((slug, i) => [String(port + 1 + i), slug]))
  : {}

let oauthApps
try {
  oauthApps = (flags['oauth-app'] ?? []).map(parseOAuthAppFlag)
} catch (error) {
  fail((error as Error).message)
}

let sandbox
try {
  sandbox = await createSandbox({
    scenarioDefinitions: SCENARIOS,
    scenarios: (flags.scenario ?? []).map(parseScenarioFlag),
    store,
    seed,
    seedDate: flags['seed-date'],
    tenants: named,
    defaultTenant: flags.tenant,
    appUrl: parseAppUrlFlags(flags['app-url'] ?? []),
    port,
    tenantPorts,
    otpCode: flags['otp-code'],
    oauthApps,
    oauthDiscovery: flags['oauth-discovery'],
    genericOperations: !flags['no-generic'],
    allowedHosts: flags['allowed-host'],
    corsOrigins: flags['cors-origin'],
    webhookHosts: flags['webhook-host'],
    webhookSignature: flags['webhook-signature'] as SandboxOptions['webhookSignature'],
    webhookTransport: nodeTransport,
    forwardWebhooks: flags['forward-webhooks'],
  })
} catch (error) {
  fail((error as Error).message)
}
let running
try {
  running = await startServer(sandbox, {
    port,
    host: flags.host,
    tenantPorts: Object.keys(tenantPorts).map(Number),
  })
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') fail((error as Error).message)
  fail(await portHeld(port))
}

let leaveDashboard = () => {}
const log = createLogWriter<FeedEvent>({
  format: (event) => (event.type === 'request' ? formatRequestLine(event.entry) : formatChange(event.change)),
})
const shutdown = () => {
  leaveDashboard()
  log.flushSync()
  // The last --db save happens after the server stops taking requests.
  void running
    .close()
    .then(() => sandbox.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox: could not save --db ${flags.db}: ${(error as Error).message}\n`)
        process.exit(1)
      },
    )
}
if (dashboard) {
  // React's development build halves the server's throughput while the dashboard draws (bench/dashboard.ts).
  process.env.NODE_ENV ??= 'production'
  // Loaded only here: Ink and React cost a second of start-up that --no-ui, --help and pipes never pay.
  const [{ render }, { createElement }, { App }, { createControlClient }, { createDemoRunner }] =
    await Promise.all([
      import('ink'),
      // React is CommonJS: bundled (dist/bin), its exports sit on `default`.
      import('react').then((m) => ('createElement' in m ? m : (m as { default: typeof m }).default)),
      import('./ui/App.tsx'),
      import('./ui/control-client.ts'),
      import('./demo/demo-runner.ts'),
    ])
  process.stdout.write(ALT_SCREEN.enter)
  const info = { url: running.url, port: running.port, version: pkg.version, seed: sandbox.options.seed }
  const client = createControlClient(running.url)
  const demos = await createDemoRunner(running.port)
  const ink = render(createElement(App, { client, info, onQuit: shutdown, demos }), {
    exitOnCtrlC: false,
    maxFps: 10,
  })
  leaveDashboard = () => {
    ink.unmount()
    process.stdout.write(ALT_SCREEN.leave)
  }
} else {
  const state = snapshotState(sandbox)
  process.stdout.write(
    formatBanner({
      url: running.url,
      port: running.port,
      version: pkg.version,
      seed: sandbox.options.seed,
      defaultTenant: sandbox.options.defaultTenant,
      tenants: state.tenants,
      users: state.users,
      apiTokens: state.apiTokens,
      oauthApps: state.oauthApps,
      scenarios: state.scenarios,
    }) + '\n',
  )
  for (const [tenantPort, slug] of Object.entries(tenantPorts))
    process.stdout.write(`  ${slug.padEnd(10)} also on http://127.0.0.1:${tenantPort} (--tenant-ports)\n`)
  // Buffered and written off the event loop: a log line never delays a response (issue 13).
  sandbox.feed.subscribe((event) => log.line(event))
}

process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
