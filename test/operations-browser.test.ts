import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildWebApp } from '../examples/web-app/build.ts'
import { serveStatic, type StaticServer } from '../examples/web-app/static-server.ts'
import { launchChromium } from './chromium.ts'

// The third runtime: MSW's setupWorker in Chromium (the example app's dev build, no sandbox server) routes the
// generic operations of Orgo's index through the same route index as the server and setupServer.
let outdir: string
let site: StaticServer
let browser: Browser
let page: Page
beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'orgo-ops-browser-'))
  await buildWebApp(outdir)
  site = await serveStatic(outdir)
  browser = await launchChromium(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost'])
  page = await browser.newPage()
  await page.goto(site.url)
  // Ready once the app says the worker answers (polled here: expect.poll belongs to tests).
  await page.waitForFunction(
    () => document.querySelector('#status')?.textContent === 'Sandbox: the Orgo API runs in this page.',
    undefined,
    { timeout: 10_000 },
  )
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await site?.close()
  if (outdir) rmSync(outdir, { recursive: true, force: true })
})

/** A fetch from the page, as the app's own code would make it; the answer's status, marking and body. */
const fetchInPage = (path: string, init: RequestInit = {}) =>
  page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(`https://acme.orgo.space${path}`, init)
      const text = await res.text()
      return {
        status: res.status,
        emulation: res.headers.get('x-sandbox-emulation'),
        body: text ? JSON.parse(text) : null,
      }
    },
    { path, init },
  )

it(
  'answers operations of the schema engine with the same guard, shapes and records in the service worker',
  { timeout: 30_000 },
  async () => {
    expect(await fetchInPage('/api/v1/newsletters')).toEqual({
      status: 401,
      emulation: 'schema',
      body: { title: 'Unauthorized', detail: 'JWT Token not found', status: 401 },
    })
    // The published public events, anonymously: the hand-written events' records through the engine; before the
    // seeded meetup ends (2026-03-06), as an event that is over leaves the list.
    const clock = await fetchInPage('/__sandbox/clock', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ set: '2026-03-01T10:00:00Z' }),
    })
    expect(clock.status).toBe(200)
    const open = await fetchInPage('/api/v1/public_events')
    expect(open).toMatchObject({ status: 200, emulation: 'schema', body: { '@type': 'hydra:Collection' } })
    const shown = open.body['hydra:member'] as Array<{ '@type': string; isPublic: boolean }>
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.every((e) => e['@type'] === 'Event' && e.isPublic)).toBe(true)
    const login = await fetchInPage('/api/v1/login-check', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin@acme.test', password: 'password' }),
    })
    const auth = { Authorization: `Bearer ${login.body.token as string}` }
    const created = await fetchInPage('/api/v1/badges', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/ld+json' },
      body: JSON.stringify({ name: 'Volunteer' }),
    })
    expect(created).toMatchObject({
      status: 201,
      emulation: 'schema',
      body: { '@type': 'Badge', name: 'Volunteer' },
    })
    const read = await fetchInPage(`/api/v1/badges/${created.body.id as number}`, { headers: auth })
    expect(read.body).toMatchObject({ '@id': created.body['@id'], name: 'Volunteer' })
    expect((await fetchInPage('/api/v1/me', { headers: auth })).emulation).toBe('full')
  },
)

it(
  'delivers webhooks from the browser runtime: a contact created in the page reaches a function receiver there',
  { timeout: 30_000 },
  async () => {
    const result = await page.evaluate(async () => {
      const sandbox = window.orgoSandbox!
      const url = 'http://hooks.localhost/orgo'
      const got: Array<{ event: string; signature: string | undefined }> = []
      const stop = sandbox.webhooks.receive(url, ({ json, headers }) => {
        got.push({ event: (json as { event: string }).event, signature: headers['X-Webhook-Signature'] })
        return 204
      })
      const headers = { 'Api-Token': sandbox.tokens.seeded('acme').rw, 'Content-Type': 'application/json' }
      const post = (path: string, body: unknown) =>
        fetch(`https://acme.orgo.space${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
      const subscribed = await post('/api/v1/webhook_subscriptions', {
        name: 'In the page',
        url,
        eventTypes: ['contact.created'],
        secret: 'page-secret',
      })
      await post('/api/v1/contacts', { name: 'Browser Made', email: 'browser.made@example.com' })
      const delivery = await sandbox.webhooks.waitFor('contact.created')
      stop()
      return { subscribed: subscribed.status, state: delivery.state, got }
    })
    expect(result.subscribed).toBe(201)
    expect(result.state).toBe('succeeded')
    expect(result.got).toEqual([{ event: 'contact.created', signature: expect.any(String) }])
  },
)
