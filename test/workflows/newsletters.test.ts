import { describe, expect, it } from 'vitest'
import { createTestApi } from '../../mocks/test-api.ts'
import { type TestServer, MERGE, type Json } from '../helpers.ts'
import { useServerAndReceiver, type Receiver } from '../webhooks/receiver.ts'
import { api, audience, DOCS_DRAFT, draft } from './newsletters-helpers.ts'

// Orgo's send-a-newsletter-campaign, step by step over real HTTP: the draft and its count (step 1), the test send
// (step 2), the send and the lock that follows (step 3), the non-openers' count and clone (step 4), engagement
// (step 5), with every mail in the outbox and the unsubscribe's contact.updated at a real receiver.

let s: TestServer
let hooks: Receiver
useServerAndReceiver((server, receiver) => ((s = server), (hooks = receiver)))
const a = api(() => s)

describe('step 1: draft the newsletter', () => {
  it('the docs’ body makes a DRAFT in the spec’s shape, its count the unit’s opted-in people', async () => {
    const { unit, noah } = await audience(a)
    const made = await draft(a, unit)
    expect(made).toMatchObject({
      '@type': 'Newsletter',
      name: DOCS_DRAFT.name,
      subject: DOCS_DRAFT.subject,
      status: 'DRAFT',
      dateSent: null,
      senderName: 'Civic Collective — Boston',
      replyTo: 'boston@example.com',
      // estimatedRecipientCount (docs) is the spec's `recipients`: Ava, Jamie (a role on the unit), Olivia, Liam.
      recipients: 4,
      unit: { '@id': unit },
      owner: { firstName: 'Ada' },
    })
    expect(made).not.toHaveProperty('content')
    expect(made).not.toHaveProperty('estimatedRecipientCount')
    const logged = s.sandbox.feed.changes().filter((c) => c.kind === 'docs.form')
    expect(logged.at(-1)?.summary).toMatch(
      /took content as html, fromName as senderName, replyToEmail as replyTo/,
    )

    // "It is recalculated each time you fetch the newsletter."
    await a.patch(`/api/v1/contacts/${noah.id}`, { isNewsletterSubscribed: true })
    expect((await a.get(made['@id'])).json.recipients).toBe(5)
    const listed = await a.get(`/api/v1/newsletters?name=${encodeURIComponent(DOCS_DRAFT.name)}`)
    expect(listed.json['hydra:member'].map((n: Json) => n.recipients)).toEqual([5])
  })

  it('a create is always a DRAFT: another status is a 422; the tenant root reaches everyone', async () => {
    const res = await a.post('/api/v1/newsletters', { name: 'N', subject: 'S', status: 'SENT' })
    expect(res.status).toBe(422)
    expect(res.json.violations[0].propertyPath).toBe('status')
    // No unit: the whole tenant, as does the national office's unit (the root of the centers).
    const all = await a.post('/api/v1/newsletters', { name: 'All', subject: 'All' })
    const root = await a.post('/api/v1/newsletters', {
      name: 'Root',
      subject: 'Root',
      unit: '/api/v1/units/1',
    })
    expect(all.json.recipients).toBeGreaterThan(0)
    expect(root.json.recipients).toBe(all.json.recipients)
  })
})

describe('step 2: preview and test-send', () => {
  it('the docs’ {newsletter, toEmail} and the spec’s {type, subject, html} each mail a [TEST] with the caller’s data', async () => {
    const { unit } = await audience(a)
    const made = await draft(a, unit)
    const docs = await a.post('/api/v1/email_templates/send-test', {
      newsletter: made['@id'],
      toEmail: 'james.patterson@example.com',
    })
    expect(docs.status, docs.text).toBe(201)
    expect(docs.json).toMatchObject({
      '@type': 'EmailTemplate',
      type: 'newsletter',
      subject: DOCS_DRAFT.subject,
    })
    const [test] = await a.mails('newsletter-test', 'james.patterson@example.com')
    expect(test).toMatchObject({ subject: `[TEST] ${DOCS_DRAFT.subject}` })
    expect(test!.text).toContain('<p>Hello Ada,</p>')
    expect(test!.text).toContain('href="https://example.org/agenda"')

    const spec = await a.post('/api/v1/email_templates/send-test', {
      type: 'newsletter',
      subject: 'Hi {{firstName}}',
      html: '<p>{{lastName}} {{email}} {{FirstName}} {{ firstName }} {{organizationName}}</p>',
    })
    expect(spec.status, spec.text).toBe(201)
    const [own] = await a.mails('newsletter-test', 'admin@acme.test')
    expect(own!.subject).toBe('[TEST] Hi Ada')
    // Case-sensitive and exact: `{{FirstName}}` and `{{ firstName }}` stay as written.
    expect(own!.text).toMatch(/^<p>Admin admin@acme\.test \{\{FirstName\}\} \{\{ firstName \}\} Acme/)
    // Nothing stored: no template was made by a test send.
    expect((await a.get('/api/v1/email_templates?type=newsletter')).json['hydra:totalItems']).toBe(0)

    const nothing = await a.post('/api/v1/email_templates/send-test', {})
    expect([nothing.status, nothing.json.violations?.[0]?.propertyPath]).toEqual([422, 'html'])
  })
})

describe('step 3: send now', () => {
  it('DRAFT -> SENT: one mail a recipient, placeholders filled; a sent newsletter is locked (409)', async () => {
    const { unit } = await audience(a)
    const made = await draft(a, unit)
    // Its public web version (no credential) is not published while it is a draft.
    const publicPath = `/api/v1/newsletters_public/${made.uuid}`
    expect((await s.call({ path: publicPath })).status).toBe(404)
    const sent = await a.patch(`${made['@id']}/send`, {})
    expect(sent.status, sent.text).toBe(200)
    expect(sent.json).toMatchObject({ status: 'SENT', recipients: 4 })
    expect((await s.call({ path: publicPath })).status).toBe(200)
    expect(sent.json.dateSent).toBe(
      s.sandbox.feed
        .changes()
        .find((c) => c.kind === 'newsletter.sent')!
        .time.replace(/\.\d{3}Z$/, '+00:00'),
    )
    const mails = await a.mails('newsletter')
    expect(mails.map((m) => m.to).sort()).toEqual([
      'ava@example.com',
      'jamie@example.com',
      'liam@example.com',
      'olivia@example.com',
    ])
    const hello = (to: string) => mails.find((m) => m.to === to)!.text.match(/Hello [^,]*,/)![0]
    expect([hello('ava@example.com'), hello('olivia@example.com'), hello('liam@example.com')]).toEqual([
      'Hello Ava,',
      'Hello Olivia,',
      'Hello Liam,',
    ])
    expect(mails[0]!.subject).toBe(DOCS_DRAFT.subject)

    for (const [method, path, body] of [
      ['PATCH', made['@id'], { name: 'Edited' }],
      ['PATCH', `${made['@id']}/send`, {}],
      ['PATCH', `${made['@id']}/schedule`, { sendDate: '2099-01-20T09:00:00-05:00' }],
    ] as const) {
      const res = await s.call({
        method,
        path,
        headers: { ...a.admin(), ...MERGE },
        body: JSON.stringify(body),
      })
      expect([res.status, res.json.detail], path).toEqual([
        409,
        expect.stringContaining('a sent newsletter cannot be'),
      ])
    }
    expect((await a.mails('newsletter')).length).toBe(4)
  })

  it('a member may not mail a unit: 403; the admin may', async () => {
    const { unit } = await audience(a)
    const made = await draft(a, unit)
    const { token } = await s.login('member@acme.test')
    const res = await s.call({
      method: 'PATCH',
      path: `${made['@id']}/send`,
      headers: { Authorization: `Bearer ${token}`, ...MERGE },
      body: '{}',
    })
    expect(res.status).toBe(403)
    expect((await a.mails('newsletter')).length).toBe(0)
  })
})

describe('steps 4 and 5: non-openers, their clone, engagement', () => {
  it('opens, clicks and unsubscribes counted; the non-openers cloned and sent; unsubscribing fires contact.updated', async () => {
    const { unit, olivia } = await audience(a)
    const sub = await a.post('/api/v1/webhook_subscriptions', { url: hooks.url, events: ['contact.updated'] })
    expect(sub.status, sub.text).toBe(201)
    const made = await draft(a, unit)
    // Nothing sent: no non-openers, nothing to clone for them.
    expect((await a.get(`${made['@id']}/non-openers-count`)).json.recipients).toBe(0)
    expect((await a.post(`${made['@id']}/clone-non-openers`, { subject: 'R' })).status).toBe(409)
    await a.patch(`${made['@id']}/send`, {})

    // In the order it went: users (Ava, Jamie), then contacts (Olivia, Liam).
    // The control API simulates what the recipients' mail clients would report.
    const engaged = await s.call({
      method: 'POST',
      path: `/__sandbox/newsletters/${made.uuid as string}/engagement`,
      body: { tenant: 'acme', opens: 1, clicks: 2, unsubscribes: 3 },
    })
    expect(engaged.status, engaged.text).toBe(200)
    const counters = engaged.json
    expect(counters).toEqual({
      recipientCount: 4,
      openCount: 2,
      clickCount: 2,
      unsubscribeCount: 3,
      nonOpenerCount: 1,
    })
    const updated = await hooks.next()
    expect(updated.json).toMatchObject({
      event: 'contact.updated',
      object: { id: olivia.id, isNewsletterSubscribed: false },
    })
    expect(updated.json.previous_attributes).toEqual({ isNewsletterSubscribed: true })
    expect((await a.get(`/api/v1/contacts/${olivia.id}`)).json.isNewsletterSubscribed).toBe(false)
    // More opens than non-openers: refused, from the test API as from the control API.
    await expect(
      createTestApi(s.sandbox).newsletters.engage(made.uuid as string, { opens: 5 }),
    ).rejects.toThrow(/have not opened/)
    expect((await a.get(`${made['@id']}`)).json.status).toBe('SENT')

    // Step 4: how many would be re-targeted (the spec's count field), then the docs' POST clone.
    const count = await a.get(`${made['@id']}/non-openers-count`)
    expect([count.status, count.json.recipients, count.json.status]).toEqual([200, 1, 'SENT'])
    const reminder = "Reminder — what's happening at Civic Collective in January"
    const clone = await a.post(`${made['@id']}/clone-non-openers`, { subject: reminder })
    expect(clone.status, clone.text).toBe(200)
    expect(clone.json).toMatchObject({
      status: 'DRAFT',
      subject: reminder,
      recipients: 1,
      parentNewsletter: { '@id': made['@id'] },
      unit: { '@id': unit },
    })
    expect(clone.json.uuid).not.toBe(made.uuid)
    expect(
      s.sandbox.feed.changes().some((c) => c.kind === 'docs.form' && /clone-non-openers/.test(c.summary)),
    ).toBe(true)
    // The spec's form of the same operation.
    const specClone = await a.patch(`${made['@id']}/clone-non-openers`, {})
    expect([specClone.status, specClone.json.recipients, specClone.json.subject]).toEqual([
      200,
      1,
      DOCS_DRAFT.subject,
    ])

    const resent = await a.patch(`${clone.json['@id']}/send`, {})
    expect(resent.json).toMatchObject({ status: 'SENT', recipients: 1 })
    const reminders = (await a.mails('newsletter')).filter((m) => m.subject === reminder)
    expect(reminders.map((m) => m.to)).toEqual(['liam@example.com'])
    expect(reminders[0]!.text).toContain('Hello Liam,')

    // Step 5: the sent newsletter's own fields: its count and, in `clicks`, each link clicked.
    const read = (await a.get(made['@id'])).json
    expect(read).toMatchObject({ status: 'SENT', recipients: 4 })
    expect(read.clicks).toEqual(['https://example.org/agenda', 'https://example.org/agenda'])
  })

  it('the spec’s contact unsubscribe turns the flag off through the table (contact.updated)', async () => {
    const { olivia } = await audience(a)
    await a.post('/api/v1/webhook_subscriptions', { url: hooks.url, events: ['contact.updated'] })
    const res = await a.get(`/api/v1/contact/${olivia.id}/unsubscribe-from-newsletter`)
    expect([res.status, res.json.isNewsletterSubscribed]).toEqual([200, false])
    expect((await hooks.next()).json.previous_attributes).toEqual({ isNewsletterSubscribed: true })
  })

  it('clone copies a newsletter into a new draft, sent or not', async () => {
    const { unit } = await audience(a)
    const made = await draft(a, unit)
    await a.patch(`${made['@id']}/send`, {})
    const copy = await a.patch(`${made['@id']}/clone`, { name: 'February 2026' })
    expect(copy.status, copy.text).toBe(200)
    expect(copy.json).toMatchObject({ name: 'February 2026', status: 'DRAFT', recipients: 4, dateSent: null })
  })
})
