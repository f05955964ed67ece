import { beforeEach, describe, expect, it } from 'vitest'
import { type TestServer, type Json } from '../helpers.ts'
import { useServerAndReceiver, type Receiver } from '../webhooks/receiver.ts'
import { AGM, attendee, client, T0, ticketedEvent } from './tickets-helpers.ts'
import { answered } from './expect-answer.ts'

// build-a-public-event-landing-page, steps 3-6, and create-and-sell-event-tickets, step 5 and the check-in, over
// real HTTP: a hold, save-attendees (pending attendances and a checkout), the payment on the sandbox's checkout
// (its control API, as the page's Pay button), the confirmation with a ticket and its QR code mailed to each
// attendee, complete, the ticket page by hash, and the check-in at the door; the webhooks a real receiver gets.

let s: TestServer
let hooks: Receiver
useServerAndReceiver((server, receiver) => ((s = server), (hooks = receiver)))
const c = client(() => s)
beforeEach(async () => {
  await c.clock({ set: T0, freeze: true })
})

const saveAttendees = (uuid: string, body: unknown) =>
  c.post(`/api/v1/public/event/${uuid}/save-attendees`, body)
const complete = (uuid: string, body: unknown) => c.post(`/api/v1/public/event/${uuid}/complete`, body)
const attendance = async (id: number): Promise<Json> =>
  answered(await c.get(`/api/v1/event_attends/${id}`, c.admin()))
const statuses = async (ids: number[]) =>
  Promise.all(ids.map(async (id) => (await attendance(id)).statusRegistration))
const available = async (uuid: string) =>
  answered(await c.get(`/api/v1/events/${uuid}/availability`)).availableTickets as number
const PNG = /^QR code \(show it at the door\): data:image\/png;base64,iVBORw0KGgo[A-Za-z0-9+/=]+$/m

describe('a paid registration, as the landing page walks it', () => {
  it('hold, save attendees, pay, tickets mailed with a QR code, complete, the ticket page, check-in', async () => {
    const { event, priceIri } = await ticketedEvent(c)
    const { holdId } = answered(
      await c.post(`/api/v1/events/${event.uuid}/ticket-holds`, { quantity: 2, productPrice: priceIri }),
      201,
    )
    const olivia = attendee('Olivia', 'Brown', priceIri)
    const daniel = attendee('Daniel', 'Kowalski', priceIri)
    const saved = answered(await saveAttendees(event.uuid, { holdId, attendees: [olivia, daniel] }))
    expect(saved).toEqual({
      attendeeIds: [expect.any(Number), expect.any(Number)],
      checkoutUrl: expect.stringMatching(/^http:\/\/acme\.localhost:\d+\/checkout\/cs_test_[0-9a-f]{24}$/),
      sessionId: expect.stringMatching(/^cs_test_/),
      expiresAt: '2026-03-01T11:00:00+00:00',
      amount: 5000,
      currency: 'GBP',
      status: 'pending',
    })
    const ids = saved.attendeeIds as number[]
    // Pending until paid: they hold their seats (the hold is used up), and nothing is mailed yet.
    expect(await statuses(ids)).toEqual(['pending', 'pending'])
    expect(await available(event.uuid)).toBe(198)
    const used = await c.call('PATCH', `/api/v1/ticket-holds/${holdId}/release`, {})
    expect([used.status, used.json.detail]).toEqual([
      409,
      `The hold ${holdId} was used by a registration already.`,
    ])
    const first = await attendance(ids[0]!)
    expect(first).toMatchObject({
      external: { email: olivia.email, fullName: 'Olivia Brown' },
      productPrice: { '@id': priceIri, price: 2500 },
      productPayment: { '@id': expect.stringMatching(/^\/api\/v1\/product_payments\/\d+$/) },
    })
    expect(await c.outbox('?kind=event-ticket')).toEqual([])
    const early = await complete(event.uuid, { sessionId: saved.sessionId })
    expect([early.status, early.json.detail]).toEqual([
      409,
      expect.stringMatching(/^The checkout session has not been paid yet \(payment #\d+ is PENDING\)\.$/),
    ])

    // The buyer pays on the checkout page (here its control API): the hook confirms and mails the tickets.
    answered(await c.settle(saved.sessionId, 'paid'))
    expect(await statuses(ids)).toEqual(['success', 'success'])
    const mails = await c.outbox('?kind=event-ticket')
    expect(mails.map((m) => m.to)).toEqual([olivia.email, daniel.email])
    const hash = (first.hash as string) ?? ''
    expect(mails[0]).toMatchObject({
      subject: 'Your ticket: Annual General Meeting 2026',
      link: expect.stringMatching(
        new RegExp(`^http://acme\\.localhost:\\d+/api/v1/public/event-attend/${hash}/agenda$`),
      ),
    })
    expect(mails[0]!.text).toContain(`Your check-in code: ${hash}\nTicket: AGM 2026 — General Admission\n`)
    expect(mails[0]!.text).toMatch(PNG)
    expect(c.feed('ticket.sent').map((f) => f.data?.eventAttendId)).toEqual(ids)

    // Step 5's complete: confirmed already, so it answers the ids and mails nothing twice.
    expect(answered(await complete(event.uuid, { sessionId: saved.sessionId }))).toMatchObject({
      attendeeIds: ids,
      status: 'success',
    })
    expect(await c.outbox('?kind=event-ticket')).toHaveLength(2)

    // Step 6: the ticket page by the hash in the mail's link, without a credential.
    const link = new URL(mails[0]!.link as string)
    const ticket = answered(await c.get(link.pathname))
    expect(ticket).toMatchObject({
      '@id': `/api/v1/event_attends/${ids[0]}`,
      '@type': 'EventAttend',
      statusRegistration: 'success',
      hash,
      event: { uuid: event.uuid },
      qrCode: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/),
      agenda: [],
    })
    expect(ticket.qrCode).toBe(mails[0]!.text.match(/data:image\/png;base64,\S+/)![0])
    expect((await c.get('/api/v1/public/event-attend/0123456789abcdef0123456789abcdef/agenda')).status).toBe(
      404,
    )
    expect(answered(await c.get(`/api/v1/get_public_event_anonymous/${event.uuid}`)).attendeeCount).toBe(2)

    // Check-in on the day: the docs' PATCH .../confirm marks them attended; once.
    const checkIn = await c.patch(`/api/v1/event_attends/${ids[0]}/confirm`, {}, c.admin())
    expect([checkIn.status, checkIn.json.statusRegistration]).toEqual([201, 'attended'])
    expect(c.feed('docs.form').at(-1)?.summary).toContain('create-and-sell-event-tickets, check-in')
    const twice = await c.patch(`/api/v1/event_attends/${ids[0]}/confirm`, {}, c.admin())
    expect([twice.status, twice.json.detail]).toEqual([409, `Attendance #${ids[0]} is checked in already.`])
    // The spec's POST confirm is the same step: Daniel checks in.
    const daniels = await c.post(`/api/v1/event_attends/${ids[1]}/confirm`, undefined, c.admin())
    expect([daniels.status, daniels.json.statusRegistration]).toEqual([201, 'attended'])
    // The organiser's, not the public's.
    expect((await c.patch(`/api/v1/event_attends/${ids[0]}/confirm`, {})).status).toBe(401)
  })

  it('declined: the attendances are released and their seats go back; complete says why (409)', async () => {
    const { event, priceIri } = await ticketedEvent(c)
    const saved = answered(
      await saveAttendees(event.uuid, { attendees: [attendee('Olivia', 'Brown', priceIri)] }),
    )
    expect(await available(event.uuid)).toBe(199)
    answered(await c.settle(saved.sessionId, 'declined'))
    const [released] = saved.attendeeIds as number[]
    expect(await attendance(released!)).toMatchObject({
      statusRegistration: 'canceled',
      canceledAt: '2026-03-01T10:00:00+00:00',
    })
    expect(await available(event.uuid)).toBe(200)
    const res = await complete(event.uuid, { sessionId: saved.sessionId })
    expect([res.status, res.json.detail]).toEqual([
      409,
      expect.stringMatching(
        /^The checkout ended without payment \(payment #\d+ is FAILED\): the tickets were released\.$/,
      ),
    ])
    expect(await c.outbox('?kind=event-ticket')).toEqual([])
    expect((await complete(event.uuid, {})).status).toBe(422)
    const unknown = await complete(event.uuid, { sessionId: 'cs_test_000000000000000000000000' })
    expect([unknown.status, unknown.json.detail]).toEqual([
      404,
      'No checkout session "cs_test_000000000000000000000000" for this event.',
    ])
    // Released, Olivia may register again.
    answered(await saveAttendees(event.uuid, { attendees: [attendee('Olivia', 'Brown', priceIri)] }))
  })

  it('a checkout left open expires on the sandbox clock: released too', async () => {
    const { event, priceIri } = await ticketedEvent(c)
    const saved = answered(
      await saveAttendees(event.uuid, { attendees: [attendee('Olivia', 'Brown', priceIri)] }),
    )
    await c.clock({ advance: '1h' })
    expect(await statuses(saved.attendeeIds)).toEqual(['canceled'])
    expect(c.feed('ticket.released').map((f) => f.summary)).toEqual([
      '1 pending ticket(s) released: checkout expired',
    ])
    const ticket = await c.get(
      `/api/v1/public/event-attend/${(await attendance(saved.attendeeIds[0])).hash}/agenda`,
    )
    expect(ticket.status).toBe(404)
  })

  it('a real receiver gets event_attend.created (pending) and .updated (confirmed) from the table writes', async () => {
    const sub = await c.post(
      '/api/v1/webhook_subscriptions',
      {
        url: hooks.url,
        events: ['event_attend.created', 'event_attend.updated'],
        secret: 'whsec_tickets',
        active: true,
      },
      c.admin(),
    )
    expect(sub.status, sub.text).toBe(201)
    const { event, priceIri } = await ticketedEvent(c)
    const saved = answered(
      await saveAttendees(event.uuid, { attendees: [attendee('Olivia', 'Brown', priceIri)] }),
    )
    const created = (await hooks.next()).json
    expect(created).toMatchObject({
      event: 'event_attend.created',
      object: { id: saved.attendeeIds[0], statusRegistration: 'pending', productPrice: { '@id': priceIri } },
    })
    answered(await c.settle(saved.sessionId, 'paid'))
    const updated = (await hooks.next()).json
    expect(updated).toMatchObject({
      event: 'event_attend.updated',
      object: { id: saved.attendeeIds[0], statusRegistration: 'success' },
      previous_attributes: { statusRegistration: 'pending' },
    })
  })
})

describe('free tickets', () => {
  it('save-attendees confirms at once and mails each a ticket: no checkout, no hold needed', async () => {
    const { event, priceIri } = await ticketedEvent(c, AGM, 0)
    const saved = answered(
      await saveAttendees(event.uuid, { attendees: [attendee('Ada', 'Lovelace', priceIri)] }),
    )
    expect(saved).toMatchObject({ checkoutUrl: null, sessionId: null, amount: 0, status: 'success' })
    expect(await statuses(saved.attendeeIds)).toEqual(['success'])
    const [mail] = await c.outbox('?kind=event-ticket')
    expect([mail!.to, mail!.text]).toEqual(['ada.lovelace@example.com', expect.stringMatching(PNG)])
    // The same person again holds a seat already.
    const again = await saveAttendees(event.uuid, { attendees: [attendee('Ada', 'Lovelace', priceIri)] })
    expect([again.status, again.json.detail]).toEqual([
      409,
      'ada.lovelace@example.com is registered for "Annual General Meeting 2026" already.',
    ])
  })

  it('refuses a form with problems (422 naming each), too many people (409), and an unknown hold (404)', async () => {
    const { event, priceIri } = await ticketedEvent(c, { ...AGM, maxCapacity: 1 }, 0)
    const bad = await saveAttendees(event.uuid, {
      attendees: [
        { firstName: 'Olivia', lastName: '', email: 'nope', productPrice: priceIri },
        { firstName: 'Dan', lastName: 'K', email: 'dan@example.com' },
      ],
    })
    expect([
      bad.status,
      (bad.json.violations as Json[]).map((v) => `${v.propertyPath}: ${v.message}`),
    ]).toEqual([
      422,
      [
        'attendees[0].lastName: This value should not be blank.',
        'attendees[0].email: This value is not a valid email address.',
        'attendees[1].productPrice: Choose a ticket type: this event sells tickets.',
      ],
    ])
    expect((await saveAttendees(event.uuid, { attendees: [] })).status).toBe(422)
    const full = await saveAttendees(event.uuid, {
      attendees: [attendee('Ada', 'Lovelace', priceIri), attendee('Alan', 'Turing', priceIri)],
    })
    expect([full.status, full.json.detail]).toEqual([409, 'Not enough tickets available: 1 left, 2 asked.'])
    const noHold = await saveAttendees(event.uuid, {
      holdId: 'th_0000000000000000',
      attendees: [attendee('Ada', 'Lovelace', priceIri)],
    })
    expect(noHold.status).toBe(404)
    // Nothing was written by the refusals.
    expect(await available(event.uuid)).toBe(1)
  })
})
