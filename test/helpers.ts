import { createSandbox, type Sandbox } from '../mocks/sandbox.ts'
import type { SandboxOptions } from '../mocks/core.ts'
import { startServer, type RunningServer } from '../mocks/server.ts'
import { requestLoopback } from '../demo/http.ts'
import { SCENARIOS } from '../scenarios/index.ts'
import { openDbFile } from '../mocks/db/persistence.ts'
import { nodeTransport } from '../mocks/webhooks/transport-node.ts'

/**
 * A real sandbox server on a free port, driven over real HTTP. Node's fetch cannot set the Host header,
 * so `call()` uses node:http, which can: that is how a tenant host (`acme.localhost`) is addressed.
 */
export interface TestServer {
  sandbox: Sandbox
  server: RunningServer
  port: number
  /** `http://127.0.0.1:<port>`: the default tenant on the bare loopback host. */
  url: string
  call(input: CallInput): Promise<CallResult>
  /** The seeded credentials of a tenant: `{ rw, ro }` Api-Tokens. */
  tokens(slug: string): { rw: string; ro: string }
  /** A JWT for a seeded user, by password login. */
  login(email: string, slug?: string): Promise<{ token: string; refresh_token: string }>
  close(): Promise<void>
}

export interface CallInput {
  method?: string
  path: string
  /** Host header; default `acme.localhost:<port>`. Use a slug shorthand with `tenant`. */
  host?: string
  tenant?: string
  headers?: Record<string, string>
  /** A string is sent as is; anything else as JSON with `Content-Type: application/json`. */
  body?: unknown
}

export interface CallResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json: any // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** JSON Merge Patch, the content type of every PATCH of the API (RFC 7396). */
export const MERGE = { 'Content-Type': 'application/merge-patch+json' }

/** A parsed JSON answer, read field by field in assertions. */
export type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** The seed date the suite pins: `--seed-date 2026-01-05T09:00:00Z`. */
export const SEED_DATE = '2026-01-05T09:00:00Z'

/** `dbFile`: open that file as `--db` does. */
export async function startTestServer(
  options: SandboxOptions & { dbFile?: string } = {},
): Promise<TestServer> {
  const { dbFile, ...rest } = options
  const store = dbFile === undefined ? undefined : await openDbFile(dbFile)
  const sandbox = await createSandbox({
    scenarioDefinitions: SCENARIOS,
    webhookTransport: nodeTransport,
    store,
    // The dates the tests were written against, whatever the day they run (the default follows today).
    seedDate: SEED_DATE,
    ...rest,
  })
  const server = await startServer(sandbox, { port: 0 })
  const port = server.port
  const call = (input: CallInput) => rawCall(port, input)
  return {
    sandbox,
    server,
    port,
    url: server.url,
    call,
    tokens(slug) {
      const t = sandbox.tenant(slug)!
      const all = t.apiTokens.all()
      return { rw: all.find((k) => !k.isReadOnly)!.token, ro: all.find((k) => k.isReadOnly)!.token }
    },
    async login(email, slug = email.split('@')[1]!.replace(/\.test$/, '')) {
      const res = await call({
        method: 'POST',
        path: '/api/v1/login-check',
        tenant: slug,
        body: { username: email, password: 'password' },
      })
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`)
      return res.json
    },
    close: async () => {
      await server.close()
      await sandbox.close()
    },
  }
}

export function rawCall(port: number, input: CallInput): Promise<CallResult> {
  const headers: Record<string, string> = { ...input.headers }
  let payload: string | undefined
  if (input.body !== undefined) {
    if (typeof input.body === 'string') payload = input.body
    else {
      payload = JSON.stringify(input.body)
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['Content-Type'] = 'application/json'
    }
  }
  const host = input.host ?? `${input.tenant ?? 'acme'}.localhost:${port}`
  return requestLoopback(port, {
    method: input.method ?? 'GET',
    path: input.path,
    host,
    headers,
    body: payload,
  })
}

/** A Fetch Response as a CallResult: the body read once, JSON-parsed when it parses. */
export async function fetchResult(res: Response): Promise<CallResult> {
  const text = await res.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), text, json }
}
