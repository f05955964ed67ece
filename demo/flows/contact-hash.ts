import type { DemoFlow } from '../flow.ts'

export const contactHashFlow: DemoFlow = {
  name: 'contact-hash',
  title: 'X-Contact-Hash',
  summary: 'An invited contact (no account) answers an event invitation with the hash from its link.',
  steps: 7,
  async run(demo) {
    const admin = await demo.step({
      title: 'An admin token for the organiser',
      request: {
        method: 'POST',
        tenant: null,
        path: '/__sandbox/api-tokens',
        body: { tenant: 'acme', name: 'Invitations' },
      },
      explain: 'The organiser side of the flow runs as an admin.',
      expect: 201,
    })
    const headers = { 'Api-Token': admin.json.token as string, Accept: 'application/json' }
    const events = await demo.step({
      title: 'Find the published event',
      request: { method: 'GET', tenant: 'acme', path: '/api/v1/events?published=true', headers },
      explain: 'Events have uuid ids.',
      expect: 200,
    })
    const contacts = await demo.step({
      title: 'Pick a contact to invite',
      request: {
        method: 'GET',
        tenant: 'acme',
        path: '/api/v1/contacts?itemsPerPage=1&order[id]=desc',
        headers,
      },
      explain: 'A contact is someone without a user account.',
      expect: 200,
    })
    const event = events.json[0]
    const contact = contacts.json[0]
    const sent = await demo.step({
      title: 'Send the invitation',
      request: {
        method: 'POST',
        tenant: 'acme',
        path: `/api/v1/events/${event.id}/send-invites`,
        headers: { 'Api-Token': headers['Api-Token'] },
        body: { contacts: [`/api/v1/contacts/${contact.id}`] },
      },
      explain:
        'Orgo creates the attendance and emails a magic URL holding a hash (Orgo docs: Authentication › X-Contact-Hash).',
      expect: 200,
    })
    const attendance = sent.json.attendances[0]
    const mail = await demo.step({
      title: 'The email with the magic link',
      request: {
        method: 'GET',
        tenant: null,
        path: `/__sandbox/outbox?to=${encodeURIComponent(contact.email)}&kind=event-invitation`,
      },
      explain: 'The hash in the link is also the credential: lift it into the X-Contact-Hash header.',
      expect: 200,
    })
    const hash = new URL(mail.json.at(-1).link).searchParams.get('hash')!
    await demo.step({
      title: 'The contact confirms',
      request: {
        method: 'POST',
        tenant: 'acme',
        path: `/api/v1/event_attends/${attendance.id}/confirm`,
        headers: { 'X-Contact-Hash': hash, Accept: 'application/json' },
      },
      explain: 'The hash grants that contact, and only for that event: its own attendance.',
      expect: 200,
    })
    await demo.step({
      title: 'The same hash anywhere else',
      request: {
        method: 'GET',
        tenant: 'acme',
        path: '/api/v1/contacts',
        headers: { 'X-Contact-Hash': hash },
      },
      explain: 'Any other endpoint answers 403: the hash opens one attendance, nothing more.',
      expect: 403,
    })
  },
}
