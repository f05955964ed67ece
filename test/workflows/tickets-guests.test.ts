import { describe, expect, it } from 'vitest'
import { AGM, attendee, ticketedEvent, useTicketServer } from './tickets-helpers.ts'
import { answered } from './expect-answer.ts'
import { type Json } from '../helpers.ts'

// create-and-sell-event-tickets over real HTTP, after a registration: guest tickets (gotchas: "add up to N guests.
// Each guest gets their own QR code"), the docs' flat invitation body (step 4, Path B), and the organiser's confirm
// that mails a ticket and, at the door, checks the attendee in.

const c = useTicketServer()

const saveAttendees = (uuid: string, body: unknown) =>
  c.post(`/api/v1/public/event/${uuid}/save-attendees`, body)
const attendance = async (id: number): Promise<Json> =>
  answered(await c.get(`/api/v1/event_attends/${id}`, c.admin()))
const available = async (uuid: string) =>
  answered(await c.get(`/api/v1/events/${uuid}/availability`)).availableTickets as number
const PNG = /^QR code \(show it at the door\): data:image\/png;base64,iVBORw0KGgo[A-Za-z0-9+/=]+$/m

describe('guest tickets (create-and-sell-event-tickets, gotchas)', () => {
  it('the organiser adds guests to a confirmed registration; each gets its own ticket and QR code', async () => {
    const { event, priceIri } = await ticketedEvent(c, AGM, 0)
    const saved = answered(
      await saveAttendees(event.uuid, { attendees: [attendee('Ada', 'Lovelace', priceIri)] }),
    )
    const parent = saved.attendeeIds[0] as number
    const res = await c.post(
      `/api/v1/event_attends/${parent}/guest-tickets`,
      { guests: [{ firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' }, {}] },
      c.admin(),
    )
    expect(res.status, res.text).toBe(201)
    expect(res.json).toMatchObject({
      '@type': 'EventAttend',
      statusRegistration: 'success',
      external: { email: 'grace@example.com', fullName: 'Grace Hopper' },
      parentAttendee: { '@id': `/api/v1/event_attends/${parent}` },
    })
    expect(res.headers.location).toBe(`/api/v1/event_attends/${res.json.id}`)
    // The named guest is mailed at their own address; the other at the attendee's.
    const mails = (await c.outbox('?kind=event-ticket')).map((m) => [m.to, PNG.test(m.text)])
    expect(mails).toEqual([
      ['ada.lovelace@example.com', true],
      ['grace@example.com', true],
      ['ada.lovelace@example.com', true],
    ])
    expect(await available(event.uuid)).toBe(197)
    const tooMany = await c.post(`/api/v1/event_attends/${parent}/guest-tickets`, { quantity: 21 }, c.admin())
    expect(tooMany.status).toBe(422)
  })

  it('the attendee adds their own guests on a free ticket; a pending registration takes none (409)', async () => {
    const { event, priceIri } = await ticketedEvent(c, AGM, 0)
    const member = { Authorization: `Bearer ${(await c.server().login('member@acme.test')).token}` }
    const saved = answered(
      await saveAttendees(event.uuid, {
        attendees: [{ ...attendee('Max', 'Member', priceIri), email: 'member@acme.test' }],
      }),
    )
    const mine = saved.attendeeIds[0] as number
    expect((await attendance(mine)).user.email).toBe('member@acme.test')
    answered(await c.post(`/api/v1/event_attends/${mine}/guest-tickets`, { quantity: 1 }, member), 201)
    const paid = await ticketedEvent(c, { ...AGM, name: 'Gala' })
    const pending = answered(
      await saveAttendees(paid.event.uuid, { attendees: [attendee('Olivia', 'Brown', paid.priceIri)] }),
    )
    const early = await c.post(
      `/api/v1/event_attends/${pending.attendeeIds[0]}/guest-tickets`,
      undefined,
      c.admin(),
    )
    expect([early.status, early.json.detail]).toEqual([
      409,
      `Guest tickets follow a confirmed registration; attendance #${pending.attendeeIds[0]} is pending.`,
    ])
    // Someone else's registration: the member is neither its attendee nor the organiser.
    expect(
      (await c.post(`/api/v1/event_attends/${pending.attendeeIds[0]}/guest-tickets`, undefined, member))
        .status,
    ).toBe(403)
  })
})

describe('inviting and confirming by hand (create-and-sell-event-tickets, step 4)', () => {
  it('the docs’ flat invite body is taken as the spec’s; confirm mails a ticket with its QR, then checks in', async () => {
    const { event } = await ticketedEvent(c)
    const invited = await c.post(
      '/api/v1/event_attend_invite_external',
      {
        event: `/api/v1/events/${event.uuid}`,
        firstName: 'Olivia',
        lastName: 'Brown',
        email: 'olivia.brown@example.com',
      },
      c.admin(),
    )
    expect(invited.status, invited.text).toBe(201)
    expect(invited.json).toMatchObject({
      external: { email: 'olivia.brown@example.com', fullName: 'Olivia Brown' },
      isInvited: true,
    })
    expect(c.feed('docs.form').at(-1)?.summary).toContain(
      "the docs' flat body {event, firstName, lastName, email}",
    )
    expect((await c.outbox('?kind=event-invitation')).map((m) => m.to)).toEqual(['olivia.brown@example.com'])
    // An invitation holds no seat until it is confirmed.
    expect(await available(event.uuid)).toBe(200)
    const confirmed = await c.post(`/api/v1/event_attends/${invited.json.id}/confirm`, undefined, c.admin())
    expect([confirmed.status, confirmed.json.statusRegistration]).toEqual([201, 'success'])
    expect((await c.outbox('?kind=event-ticket'))[0]!.text).toMatch(PNG)
    expect(await available(event.uuid)).toBe(199)
    const atDoor = await c.post(`/api/v1/event_attends/${invited.json.id}/confirm`, undefined, c.admin())
    expect([atDoor.status, atDoor.json.statusRegistration]).toEqual([201, 'attended'])
    expect(c.feed('ticket.checked-in').map((f) => f.summary)).toEqual([
      'olivia.brown@example.com checked in at "Annual General Meeting 2026"',
    ])
  })
})
