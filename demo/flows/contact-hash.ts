import type { DemoFlow } from '../flow.ts'

const MERGE_PATCH = 'application/merge-patch+json'

export const contactHashFlow: DemoFlow = {
  name: 'contact-hash',
  title: 'X-Contact-Hash',
  summary: 'An invited contact (no account) answers an event invitation with the hash from its link.',
  steps: 11,
  async run(demo) {
    const admin = await demo.step({
      title: 'An admin token for the organiser',
      request: {
        method: 'POST',
        tenant: null,
        path: '/__sandbox/api-tokens',
        body: { tenant: 'acme', name: 'Invitations' },
      },
      explain: 'The organiser side of the flow runs as an admin (EVENT permission).',
      expect: 201,
    })
    const token = admin.json.token as string
    const headers = { 'Api-Token': token, Accept: 'application/json' }
    const events = await demo.step({
      title: 'Find a draft event',
      request: { method: 'GET', tenant: 'acme', path: '/api/v1/events', headers },
      explain:
        'Events have an integer id and a uuid (their paths and IRIs use the uuid), and a status: "draft" until published.',
      expect: 200,
    })
    const event = (events.json as Array<{ uuid: string; status: string }>).find((e) => e.status === 'draft')
    if (!event) throw new Error('the tenant has no draft event to publish: reset the sandbox')
    await demo.step({
      title: 'Publish it',
      request: {
        method: 'PATCH',
        tenant: 'acme',
        path: `/api/v1/events_publish/${event.uuid}`,
        headers: { ...headers, 'Content-Type': MERGE_PATCH },
        body: {},
      },
      explain:
        'A merge patch of the event that sets its status to "published"; publishing it again is a 409 (illegal state transition).',
      expect: 200,
    })
    await demo.step({
      title: 'Invite the members',
      request: {
        method: 'POST',
        tenant: 'acme',
        path: `/api/v1/events/${event.uuid}/send-invites`,
        headers,
      },
      explain:
        'No body needed: every active member not yet on the event is invited and mailed; the event answers with invitesSent "sending".',
      expect: 201,
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
    const contact = contacts.json[0]
    const invited = await demo.step({
      title: 'Invite the contact',
      request: {
        method: 'POST',
        tenant: 'acme',
        path: '/api/v1/event_attend_invite_external',
        headers,
        body: { entity: { email: contact.email, event: event.uuid } },
      },
      explain:
        'Orgo creates the attendance (the contact is its "external") and emails a magic URL holding a hash (Orgo docs: Authentication › X-Contact-Hash).',
      expect: 201,
    })
    const attendance = `/api/v1/event_attends/${invited.json.id}`
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
    const asContact = { 'X-Contact-Hash': hash, Accept: 'application/json' }
    await demo.step({
      title: 'The contact opens the invitation',
      request: { method: 'GET', tenant: 'acme', path: attendance, headers: asContact },
      explain: 'The hash grants that contact its own attendance, and only that one.',
      expect: 200,
    })
    await demo.step({
      title: 'The contact answers',
      request: {
        method: 'PATCH',
        tenant: 'acme',
        path: attendance,
        headers: { ...asContact, 'Content-Type': MERGE_PATCH },
        body: { statusRsvp: 'yes' },
      },
      explain:
        'An attendee may change its statusRsvp, nothing else: any other field in the patch is a 400 that says so.',
      expect: 200,
    })
    await demo.step({
      title: 'The organiser confirms the attendee',
      request: { method: 'POST', tenant: 'acme', path: `${attendance}/confirm`, headers },
      explain:
        'Confirming is the organiser\'s (with the hash it is a 403): statusRegistration becomes "success" and a ticket is mailed.',
      expect: 201,
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
