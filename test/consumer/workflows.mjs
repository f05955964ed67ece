// Issues 25 and 26 from the packed package: the workflows' lazily loaded dependencies (pdf-lib for the adhesion
// form, qrcode for a ticket) load from node_modules as a consumer installs them, not only from the repo's sources.
import { createNodeSandbox } from 'orgo-sandbox/node'

const { server, sandbox } = await createNodeSandbox()
server.listen()
const token = sandbox.state().apiTokens.find((k) => k.tenant === 'acme' && !k.isReadOnly).token
const json = { 'Api-Token': token, 'Content-Type': 'application/json' }
const api = (path, init = {}) => fetch(`https://acme.orgo.space/api/v1${path}`, init)
const post = async (path, body, headers = json) =>
  (await api(path, { method: 'POST', headers, body: JSON.stringify(body) })).json()

// onboard-a-new-member: the application's form as a real PDF.
const adhesion = await post('/adhesion/create', {
  firstName: 'Sam',
  lastName: 'Lee',
  email: 'sam.lee@example.com',
  localCenter: '/api/v1/local_centers/4',
})
const pdf = await api(`/adhesion/${adhesion.id}/pdf`, { headers: { 'Api-Token': token } })
const bytes = new Uint8Array(await pdf.arrayBuffer())
const magic = String.fromCharCode(...bytes.slice(0, 5))

// create-and-sell-event-tickets: a paid ticket, its checkout paid from the test API, a ticket mailed with its QR.
const event = await post('/events', {
  name: 'Consumer gala',
  dateTimeBegin: '2031-01-01T18:00:00+00:00',
  dateTimeEnd: '2031-01-01T21:00:00+00:00',
  isPublic: true,
  maxCapacity: 5,
  hasEventTicketing: true,
})
const product = await post('/products', {
  name: 'GA',
  customMinPrice: 1000,
  event: `/api/v1/events/${event.uuid}`,
})
await api(`/events_publish/${event.uuid}`, {
  method: 'PATCH',
  headers: { ...json, 'Content-Type': 'application/merge-patch+json' },
  body: '{}',
})
const saved = await post(
  `/public/event/${event.uuid}/save-attendees`,
  {
    attendees: [
      {
        firstName: 'Ann',
        lastName: 'Bee',
        email: 'ann@example.com',
        productPrice: product.productPrices[0]['@id'],
      },
    ],
  },
  { 'Content-Type': 'application/json' },
)
const checkout = await sandbox.payments.complete(saved.sessionId, 'paid')
const ticket = sandbox.outbox.list({ kind: 'event-ticket', to: 'ann@example.com' })[0]
server.close()

if (pdf.status !== 200 || pdf.headers.get('content-type') !== 'application/pdf' || magic !== '%PDF-')
  throw new Error(`workflows: adhesion PDF ${pdf.status} ${pdf.headers.get('content-type')} ${magic}`)
if (checkout.status !== 'paid' || !ticket?.text.includes('data:image/png;base64,'))
  throw new Error(`workflows: checkout ${checkout.status}, ticket ${JSON.stringify(ticket)}`)
console.log('workflows ok', magic, bytes.length, 'bytes;', checkout.status, 'ticket with QR to', ticket.to)
