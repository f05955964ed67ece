import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium.ts'
import { startTestServer, type TestServer } from './helpers.ts'

/** Issue 15: a mailed magic link, opened in Chromium as the invited contact would, lands on a page that reads. */

let s: TestServer
let browser: Browser
beforeAll(async () => {
  s = await startTestServer()
  browser = await launchChromium()
})
afterAll(async () => {
  await browser.close()
  await s.close()
})

describe('the magic link page', () => {
  it('shows the event, the hash and the curl to use it, styled, with nothing refused by its CSP', async () => {
    const event = s.sandbox
      .tenant('acme')!
      .events.all()
      .find((e) => e.status === 'published')!
    const invited = await s.call({
      method: 'POST',
      path: '/api/v1/event_attend_invite_external',
      headers: { 'Api-Token': s.tokens('acme').rw },
      body: { entity: { email: 'guest@example.com', event: event.uuid } },
    })
    const mail = (await s.call({ path: '/__sandbox/outbox?kind=event-invitation' })).json.at(-1)
    const page = await browser.newPage()
    const refused: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text())
    })
    const response = await page.goto(mail.link)
    expect(response?.status()).toBe(200)
    await expect.poll(() => page.locator('h1').innerText()).toBe(`Invitation to ${event.name}`)
    expect(await page.locator('code', { hasText: invited.json.hash }).count()).toBeGreaterThan(0)
    const commands = await page.locator('pre').allInnerTexts()
    expect(commands[0]).toContain(
      `curl -H 'X-Contact-Hash: ${invited.json.hash}' http://acme.localhost:${s.port}/api/v1/event_attends/${invited.json.id}`,
    )
    expect(commands[1]).toContain('npx sandbox --app-url http://localhost:5173')
    // The inline style applied: the sandbox banner is on its stripes, not unstyled text.
    const banner = await page.locator('.sandbox').evaluate((el) => getComputedStyle(el).fontWeight)
    expect(banner).toBe('600')
    expect(refused).toEqual([])
    await page.close()
  })
})
