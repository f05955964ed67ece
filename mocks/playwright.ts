import { defineNetworkFixture, type NetworkFixture } from '@msw/playwright'
import {
  test as base,
  expect,
  type APIRequestContext,
  type APIResponse,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type Request,
  type Route,
  type TestType,
} from '@playwright/test'
import type { HttpHandler } from 'msw'
import type { SandboxOptions } from './core.ts'
import { createInProcessSandbox } from './in-process.ts'
import type { SandboxTestApi } from './test-api.ts'
import { nodeTransport } from './webhooks/transport-node.ts'

export { expect }
export type { NetworkFixture } from '@msw/playwright'
export type { SandboxOptions } from './core.ts'
export type * from './test-api.ts'

export interface SandboxFixtures {
  /**
   * The options of every test's sandbox (seed, otpCode, oauthApps, scenarios, ...), as for createNodeSandbox():
   * `test.use({ sandboxOptions: { oauthApps: [{ name: 'My app', redirectUris: ['http://localhost:5173/callback'] }] } })`.
   * A key it does not know fails the test's set-up, naming the allowed keys and the nearest.
   */
  sandboxOptions: SandboxOptions
  /** This test's own sandbox, seeded afresh: `sandbox.otp.latest(email)`, `sandbox.scenarios.use(name)`, ... */
  sandbox: SandboxTestApi
  /**
   * `@msw/playwright`'s network fixture over the test's browser context, the sandbox's handler first:
   * `network.use(http.get('https://api.example.test/x', ...))` mocks the app's other APIs the MSW way.
   */
  network: NetworkFixture
}

/**
 * Chromium adds the Fetch Metadata headers (W3C Fetch Metadata 2.1 `Sec-Fetch-Site`) after `page.route()` has
 * seen a request, so the sandbox would see a form of its own sign-in pages (`Referrer-Policy: no-referrer`, hence
 * `Origin: null`) without the `Sec-Fetch-Site: same-origin` that tells it from a foreign page's (mocks/http/origin.ts).
 * Only that value is restored, and only when the sending frame's document is on the request's own origin: any
 * other `Origin: null` stays refused, as it is on the wire.
 */
async function restoreSameOrigin(route: Route, request: Request): Promise<void> {
  const headers = request.headers()
  if (headers['origin'] !== 'null' || headers['sec-fetch-site'] !== undefined) return route.fallback()
  let sender: string | undefined
  try {
    sender = request.frame().url()
  } catch {
    // A service worker's request has no frame: nothing to restore.
  }
  const sameOrigin =
    sender !== undefined && URL.canParse(sender) && new URL(sender).origin === new URL(request.url()).origin
  return route.fallback(sameOrigin ? { headers: { ...headers, 'sec-fetch-site': 'same-origin' } } : undefined)
}

type FetchOptions = NonNullable<Parameters<APIRequestContext['fetch']>[1]>
const VERBS = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  head: 'HEAD',
} as const
const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** Playwright's request options (`data`, `form`, `multipart`, `params`, `headers`) as a Fetch request's init. */
function requestInit(url: URL, o: FetchOptions, extraHeaders: Record<string, string>): RequestInit {
  const params = o.params
  if (params)
    new URLSearchParams(
      typeof params === 'string' || params instanceof URLSearchParams
        ? params
        : Object.entries(params).map(([k, v]) => [k, String(v)]),
    ).forEach((v, k) => url.searchParams.append(k, v))
  const headers = new Headers({ ...extraHeaders, ...o.headers })
  let body: BodyInit | undefined
  if (o.form !== undefined) {
    body =
      o.form instanceof FormData
        ? new URLSearchParams([...o.form].map(([k, v]) => [k, String(v)]))
        : new URLSearchParams(Object.entries(o.form).map(([k, v]) => [k, String(v)]))
  } else if (o.multipart !== undefined) {
    const form = o.multipart instanceof FormData ? o.multipart : new FormData()
    if (!(o.multipart instanceof FormData))
      for (const [k, v] of Object.entries(o.multipart)) {
        if (typeof v !== 'object') form.append(k, String(v))
        else if ('buffer' in v)
          form.append(k, new Blob([new Uint8Array(v.buffer)], { type: v.mimeType }), v.name)
        else
          throw new TypeError(`A ReadStream in "multipart" is not supported in process: read it to a buffer.`)
      }
    body = form
  } else if (o.data !== undefined) {
    const d = o.data
    if (typeof d === 'string' || Buffer.isBuffer(d)) body = d as BodyInit
    else {
      // Playwright sends any other value as JSON.
      body = JSON.stringify(d)
      if (!headers.has('content-type')) headers.set('content-type', 'application/json')
    }
  }
  return { method: (o.method ?? 'GET').toUpperCase(), headers, body }
}

/** A Fetch response, read whole, as Playwright's APIResponse (`expect(res).toBeOK()` reads `_apiName`). */
async function apiResponse(url: string, res: Response): Promise<APIResponse> {
  const buffer = Buffer.from(await res.arrayBuffer())
  const headersArray = [...res.headers].map(([name, value]) => ({ name, value }))
  const api = {
    _apiName: 'APIResponse',
    _fetchLog: async () => [`→ ${url} answered in process by orgo-sandbox`],
    body: async () => buffer,
    text: async () => buffer.toString('utf8'),
    json: async () => JSON.parse(buffer.toString('utf8')) as unknown,
    dispose: async () => {},
    headers: () => Object.fromEntries(res.headers),
    headersArray: () => headersArray,
    ok: () => res.status >= 200 && res.status <= 299,
    status: () => res.status,
    statusText: () => res.statusText,
    url: () => url,
    [Symbol.asyncDispose]: async () => {},
  }
  return api as unknown as APIResponse
}

/**
 * An APIRequestContext whose requests to the sandbox's hosts are answered by `sandbox.fetch()`: Playwright sends
 * them from Node, where `https://acme.orgo.space` resolves nowhere and no `page.route()` sees them. Redirects are
 * followed as Playwright does (up to `maxRedirects`, 20), a foreign `Location` by the real context.
 */
function inProcessRequest(
  real: APIRequestContext,
  sandbox: SandboxTestApi,
  baseURL: string | undefined,
  extraHeaders: Record<string, string> = {},
): APIRequestContext {
  const send = async (
    input: string,
    o: FetchOptions = {},
    hops = o.maxRedirects ?? 20,
  ): Promise<APIResponse> => {
    // A URL Playwright itself would refuse, or another host: the real context answers it as it would.
    if (!URL.canParse(input, baseURL)) return real.fetch(input, o)
    const url = new URL(input, baseURL)
    if (!sandbox.core.serves(url.host)) return real.fetch(input, o)
    const res = await sandbox.fetch(url, requestInit(url, o, extraHeaders))
    const location = res.headers.get('location')
    if (REDIRECTS.has(res.status) && location && hops > 0) {
      // RFC 9110 15.4: 303, and 301/302 after a POST, go on as a GET without the body.
      const keep = res.status === 307 || res.status === 308
      // The Location is the whole next URL: `params` are not added again.
      const next = keep ? { ...o, params: undefined } : { headers: o.headers, method: 'GET' }
      return send(new URL(location, url).href, { ...next, maxRedirects: hops - 1 }, hops - 1)
    }
    const answer = await apiResponse(url.href, res)
    if (o.failOnStatusCode && !answer.ok()) throw new Error(`${res.status} ${res.statusText}`)
    return answer
  }
  return new Proxy(real, {
    get(target, key, receiver) {
      if (key === 'fetch')
        return (input: string | Request, o?: FetchOptions) =>
          typeof input === 'string' ? send(input, o) : real.fetch(input, o)
      if (typeof key === 'string' && key in VERBS)
        return (input: string, o: FetchOptions = {}) =>
          send(input, { ...o, method: VERBS[key as keyof typeof VERBS] })
      return Reflect.get(target, key, receiver) as unknown
    },
  })
}

interface InstanceFixture {
  _orgoSandbox: { handlers: HttpHandler[]; sandbox: SandboxTestApi }
}

/**
 * `orgo-sandbox/playwright`: Playwright Test with the sandbox in the test process. Every request and navigation of
 * the test's browser context goes through `page.route()` (`@msw/playwright`): `https://<slug>.orgo.space` is
 * answered from this test's own sandbox (its sign-in pages load as pages, their forms post as forms, the 302 to
 * the app's callback is followed by the browser); anything else, the app's own pages included, goes to the network.
 */
export const test: TestType<
  PlaywrightTestArgs & PlaywrightTestOptions & SandboxFixtures & InstanceFixture,
  PlaywrightWorkerArgs & PlaywrightWorkerOptions
> = base.extend<SandboxFixtures & InstanceFixture>({
  sandboxOptions: [{}, { option: true }],
  // A fresh instance a test (a few ms: `npm run bench:isolation`), so nothing leaks between tests, the request
  // log and saved snapshots included, whatever runs in parallel in other workers.
  _orgoSandbox: async ({ sandboxOptions }, use) => {
    // The test runner's process delivers webhooks: over node:http, beside the page's routes.
    const instance = await createInProcessSandbox({ webhookTransport: nodeTransport, ...sandboxOptions })
    await use(instance)
    await instance.sandbox.core.close()
  },
  sandbox: async ({ _orgoSandbox }, use) => use(_orgoSandbox.sandbox),
  // The test's `request` fixture reaches the sandbox's hosts in process; other hosts go to the network.
  request: async ({ request, baseURL, extraHTTPHeaders, _orgoSandbox }, use) =>
    use(inProcessRequest(request, _orgoSandbox.sandbox, baseURL, extraHTTPHeaders)),
  network: [
    async ({ context, baseURL, extraHTTPHeaders, _orgoSandbox }, use) => {
      const network = defineNetworkFixture({
        context,
        handlers: _orgoSandbox.handlers,
        // Other hosts (the app itself, a webServer) pass through untouched, as in orgo-sandbox/node.
        onUnhandledRequest: 'bypass',
        // MSW skips URLs ending in .json, .txt, ... as assets; a sandbox URL must be answered whatever its path.
        skipAssetRequests: false,
      })
      await network.enable()
      // Routes run last-registered first: this one sees each sandbox request before @msw/playwright does.
      const restore = (url: URL) => _orgoSandbox.sandbox.core.serves(url.host)
      await context.route(restore, restoreSameOrigin)
      // `context.request` (and `page.request`, which a page takes from its context when it opens) likewise.
      const real = context.request
      const own = inProcessRequest(real, _orgoSandbox.sandbox, baseURL, extraHTTPHeaders)
      Object.defineProperty(context, 'request', { value: own, configurable: true, writable: true })
      await use(network)
      Object.defineProperty(context, 'request', { value: real, configurable: true, writable: true })
      await context.unroute(restore, restoreSameOrigin)
      await network.disable()
    },
    // Auto: a test that never names `network` or `sandbox` still gets the Orgo API answered in process.
    { auto: true },
  ],
})
