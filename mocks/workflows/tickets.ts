import { confirmAttendance } from '../handlers/event-attends.ts'
import type { OperationOverlay, Workflow } from '../handlers/overlay-types.ts'
import { publicEvent, publicEvents } from './public-events.ts'
import { availability, createHold, releaseHold } from './tickets-holds.ts'
import { agenda, guestTickets } from './tickets-attendee.ts'
import { PRODUCT_PATCH, PRODUCT_POST, PRODUCT_PRICE_POST } from './tickets-products.ts'
import { complete, saveAttendees } from './tickets-register.ts'

// Orgo's public events and tickets (issue 26 item 1), as its docs walk them: build-a-public-event-landing-page
// (public reads, availability, holds, save-attendees, complete, the attendee's ticket page) and
// create-and-sell-event-tickets (ticket-type products and their prices, guest tickets, check-in). Events and
// attendances are hand-written resources (mocks/resources/events.ts, event-attends.ts; publish, invitations and
// confirm in mocks/handlers/events.ts, event-attends.ts); the rest is here, on the schema engine:
// - public-events.ts: `public_events`, `get_public_event_anonymous` (published, public, not over; the docs' fields);
// - tickets-products.ts: a product for an event gets its ProductPrice; prices join their product;
// - tickets-holds.ts: availability, 15-minute holds on the sandbox clock, release (tickets-model.ts: the states);
// - tickets-register.ts: save-attendees, complete, and the checkout hook (payments-checkout.ts opens the checkout);
// - tickets-attendee.ts: the ticket page by hash, guest tickets; tickets-mail.ts: confirming and the ticket mail;
// - the docs' paths the spec lacks are routed by mocks/workflows/doc-forms.ts to the overlays named here.
// Every state change is a write of the events or event_attends table (event_attend.* webhooks follow) and a line on
// the feed: hold.created|released|expired, ticket.sent, ticket.registered|released|guests|type|checked-in.

/** The docs' `PATCH /api/v1/event_attends/{id}/confirm` ("Mark them attended"): the spec's POST confirm. */
const confirmByDocs: OperationOverlay = (call) => confirmAttendance(call.ctx)

export const TICKETS_WORKFLOW: Workflow = {
  writes: {
    api_products_post: PRODUCT_POST,
    api_products_uuid_patch: PRODUCT_PATCH,
    api_product_prices_post: PRODUCT_PRICE_POST,
  },
  operations: {
    get_public_event_no_security: publicEvent,
    get_all_public_events_from_tenant: publicEvents,
    event_attend_guest_tickets: guestTickets,
    // The docs' operations (doc-forms.ts), by the overlay names their entries give.
    public_event_availability: availability,
    public_event_ticket_hold: createHold,
    public_ticket_hold_release: releaseHold,
    public_event_save_attendees: saveAttendees,
    public_event_complete: complete,
    public_event_attend_agenda: agenda,
    event_attend_confirm_by_docs: confirmByDocs,
  },
}
