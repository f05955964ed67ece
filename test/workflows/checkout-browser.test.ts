import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../chromium.ts'
import { startTestServer, type TestServer } from '../helpers.ts'

// The local checkout page in a real browser (Debian's Chromium driven by playwright-core): process-payments, step 1
// "Redirect the user to checkoutUrl", then the person presses Pay, Decline or Cancel. A page of another site
// (http://evil.example, mapped to loopback) cannot press them, even holding the page's own form secret.

let t: TestServer
let browser: Browser
let context: BrowserContext
let page: Page
let evil: Server
/** The hostile page: a form that posts itself to `target` with `token` as soon as it loads. */
let hostile = { target: '', token: '' }

beforeAll(async () => {
  t = await startTestServer()
  evil = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html')
    res.end(`<!doctype html><title>win a prize</title>
<form id="f" method="post" action="${hostile.target}">
<input type="hidden" name="token" value="${hostile.token}">
<input type="hidden" name="outcome" value="paid">
</form><script>document.getElementById('f').submit()</script>`)
  })
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve))
  browser = await launchChromium(['--host-resolver-rules=MAP evil.example 127.0.0.1'])
  context = await browser.newContext({ viewport: { width: 390, height: 844 } })
})
afterAll(async () => {
  await browser?.close()
  evil?.close()
  await t?.close()
})
beforeEach(async () => {
  await t.sandbox.reset()
  await page?.close()
  page = await context.newPage()
})

const admin = () => ({ 'Api-Token': t.tokens('acme').rw, Accept: 'application/json' })

/** The docs' step 1 for the first seeded company: its checkout URL and session. */
async function openCheckout(): Promise<{ checkoutUrl: string; sessionId: string; company: string }> {
  const companies = await t.call({ path: '/api/v1/companies', headers: admin() })
  const company = companies.json[0] as { uuid: string; name: string }
  const res = await t.call({ path: `/api/v1/companies/${company.uuid}/payment-checkout`, headers: admin() })
  expect(res.status, res.text).toBe(200)
  return { checkoutUrl: res.json.checkoutUrl, sessionId: res.json.sessionId, company: company.name }
}

/** The session as the control API lists it: its status and its payment's. */
async function sessionOf(sessionId: string): Promise<[string, string]> {
  const list = (await t.call({ path: '/__sandbox/checkouts' })).json as Array<{
    sessionId: string
    status: string
    payment: { status: string }
  }>
  const found = list.find((c) => c.sessionId === sessionId)!
  return [found.status, found.payment.status]
}

describe('the checkout page in Chromium', { timeout: 60_000 }, () => {
  it('shows what is bought and its amount; Pay makes the payment SUCCESS and the page says so', async () => {
    const { checkoutUrl, sessionId, company } = await openCheckout()
    const token = /name="token" value="([0-9a-f]+)"/.exec(
      (await t.call({ path: new URL(checkoutUrl).pathname })).text,
    )![1]!
    await page.goto(checkoutUrl)
    await expect(page.locator('h1').innerText()).resolves.toBe('Pay Acme Corporation')
    await expect(page.locator('#item').innerText()).resolves.toBe(
      `Corporate membership: Corporate for ${company}`,
    )
    await expect(page.locator('#amount').innerText()).resolves.toBe('£500.00')
    await page.getByRole('button', { name: 'Pay £500.00' }).click()
    await page.waitForURL(checkoutUrl)
    await expect(page.locator('h1').innerText()).resolves.toBe('Payment received')
    expect(await sessionOf(sessionId)).toEqual(['paid', 'SUCCESS'])
    // A stale tab's press (its form still holds the secret) changes nothing: 303 back to how it ended.
    const html = (await t.call({ path: new URL(checkoutUrl).pathname })).text
    expect(html).not.toContain('name="token"')
    const stale = await t.call({
      method: 'POST',
      path: new URL(checkoutUrl).pathname,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(checkoutUrl).origin },
      body: `outcome=declined&token=${token}`,
    })
    expect([stale.status, stale.headers['location']]).toEqual([303, `/checkout/${sessionId}`])
    expect(await sessionOf(sessionId)).toEqual(['paid', 'SUCCESS'])
    // Reloaded, it offers nothing more to press.
    await page.reload()
    expect(await page.getByRole('button', { name: 'Pay £500.00' }).count()).toBe(0)
    expect(await sessionOf(sessionId)).toEqual(['paid', 'SUCCESS'])
  })

  it('Decline makes it FAILED, Cancel CANCELED', async () => {
    const declined = await openCheckout()
    await page.goto(declined.checkoutUrl)
    await page.getByRole('button', { name: 'Decline' }).click()
    await page.waitForURL(declined.checkoutUrl)
    await expect(page.locator('h1').innerText()).resolves.toBe('Payment declined')
    expect(await sessionOf(declined.sessionId)).toEqual(['declined', 'FAILED'])

    const cancelled = await openCheckout()
    await page.goto(cancelled.checkoutUrl)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.waitForURL(cancelled.checkoutUrl)
    await expect(page.locator('h1').innerText()).resolves.toBe('Checkout cancelled')
    expect(await sessionOf(cancelled.sessionId)).toEqual(['cancelled', 'CANCELED'])
  })

  it("another site's form cannot pay, even with the page's own secret; the page cannot be framed", async () => {
    const { checkoutUrl, sessionId } = await openCheckout()
    const html = (await t.call({ path: new URL(checkoutUrl).pathname })).text
    hostile = { target: checkoutUrl, token: /name="token" value="([0-9a-f]+)"/.exec(html)![1]! }
    const port = (evil.address() as AddressInfo).port
    const answer = page.waitForResponse((r) => r.url() === checkoutUrl && r.request().method() === 'POST')
    await page.goto(`http://evil.example:${port}/`)
    const res = await answer
    expect(res.status()).toBe(403)
    await expect(page.locator('.alert').innerText()).resolves.toContain('A form of another site cannot')
    expect(await sessionOf(sessionId)).toEqual(['open', 'PENDING'])
    // Without the page's secret, even the page's own origin is refused.
    const forged = await t.call({
      method: 'POST',
      path: new URL(checkoutUrl).pathname,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(checkoutUrl).origin },
      body: 'outcome=paid&token=0000',
    })
    expect(forged.status).toBe(403)
    expect(await sessionOf(sessionId)).toEqual(['open', 'PENDING'])
    const served = await t.call({ path: new URL(checkoutUrl).pathname })
    expect(served.headers['x-frame-options']).toBe('DENY')
    expect(served.headers['content-security-policy']).toContain("frame-ancestors 'none'")
  })
})
