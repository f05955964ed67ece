// Where Orgo's docs and its spec disagree on a method or a path (issue 25 item 5), a client written from either
// must work: the docs' form answers as the spec's operation does (or, where the docs describe an operation the spec
// lacks, as the overlay named here does), and the request log says the docs' form was used. Data only: the routes
// are made at start-up (mocks/handlers/operation-routes.ts), the engine that answers them loads on first use.

export interface DocForm {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** The docs' path, in route-index syntax (`/api/v1/contacts/:id/profile_tags`). */
  path: string
  /** The spec's operation that answers it: its resource, rules and answer shape. */
  operationId: string
  /** An operation overlay (mocks/workflows/) answering instead of the spec operation's own behaviour. */
  overlay?: string
  /** The docs page and what it says, for the log line. */
  docs: string
}

export const DOC_FORMS: readonly DocForm[] = [
  {
    method: 'PATCH',
    path: '/api/v1/contract_users/mark_as_signed',
    operationId: 'contract_user_mark_as_signed',
    docs: 'issue-and-track-contracts, step 4: PATCH with {contractUsers, dateSigned}',
  },
  {
    method: 'POST',
    path: '/api/v1/contacts/:id/profile_tags',
    operationId: 'get_contact_tags',
    overlay: 'attach_contact_tag',
    docs: 'sync-your-crm-with-orgo, step 2: POST {profileTag} attaches a tag to the contact',
  },
  {
    method: 'POST',
    path: '/api/v1/newsletters/:uuid/clone-non-openers',
    operationId: 'newsletter_clone_non_openers',
    docs: 'send-a-newsletter-campaign, step 4: POST {subject} clones the newsletter for its non-openers',
  },
  // build-a-public-event-landing-page and create-and-sell-event-tickets (mocks/workflows/tickets.ts): the landing
  // page's public operations, which Orgo's spec lacks, answered beside its public event read (no credential needed).
  {
    method: 'GET',
    path: '/api/v1/events/:uuid/availability',
    operationId: 'get_public_event_no_security',
    overlay: 'public_event_availability',
    docs: 'build-a-public-event-landing-page, step 2: live {availableTickets, totalCapacity, soldOut}; not in the spec',
  },
  {
    method: 'POST',
    path: '/api/v1/events/:uuid/ticket-holds',
    operationId: 'get_public_event_no_security',
    overlay: 'public_event_ticket_hold',
    docs: 'build-a-public-event-landing-page, step 3: POST {quantity, productPrice} holds tickets 15 minutes; not in the spec',
  },
  {
    method: 'PATCH',
    path: '/api/v1/ticket-holds/:holdId/release',
    operationId: 'get_public_event_no_security',
    overlay: 'public_ticket_hold_release',
    docs: 'build-a-public-event-landing-page, step 3: PATCH releases a hold; not in the spec',
  },
  {
    method: 'POST',
    path: '/api/v1/public/event/:uuid/save-attendees',
    operationId: 'get_public_event_no_security',
    overlay: 'public_event_save_attendees',
    docs: 'build-a-public-event-landing-page, step 4: POST {holdId, attendees} registers them; not in the spec',
  },
  {
    method: 'POST',
    path: '/api/v1/public/event/:uuid/complete',
    operationId: 'get_public_event_no_security',
    overlay: 'public_event_complete',
    docs: 'build-a-public-event-landing-page, step 5: POST {sessionId} confirms a paid registration; not in the spec',
  },
  {
    method: 'GET',
    path: '/api/v1/public/event-attend/:hash/agenda',
    operationId: 'get_public_event_no_security',
    overlay: 'public_event_attend_agenda',
    docs: "build-a-public-event-landing-page, step 6: the attendee's ticket (QR code) by hash; not in the spec",
  },
  {
    method: 'PATCH',
    path: '/api/v1/event_attends/:id/confirm',
    operationId: 'event_attend_confirm',
    overlay: 'event_attend_confirm_by_docs',
    docs: 'create-and-sell-event-tickets, check-in: PATCH .../confirm marks the attendee attended',
  },
  // run-a-board-election (mocks/workflows/votes*.ts): the docs' ballot per question and their POST clone.
  {
    method: 'POST',
    path: '/api/v1/votes/:id/cast',
    operationId: 'api_vote_boxes_id_get',
    overlay: 'vote_cast',
    docs: "run-a-board-election, step 4: POST casts a ballot on one question (the spec: POST /api/v1/vote_boxes {vote, value}); answered with the ballot's {seal}",
  },
  {
    method: 'POST',
    path: '/api/v1/vote_collections/:id/clone',
    operationId: 'vote_clone',
    docs: 'run-a-board-election, cloning: POST {name, dateOpen, dateClose} copies the questions into a fresh DRAFT',
  },
  // process-payments (mocks/workflows/invoices*.ts): the docs' methods for two invoice operations.
  {
    method: 'PATCH',
    path: '/api/v1/invoices/cancel-bank-transfer',
    operationId: 'invoice_cancel_bank_transfer',
    docs: 'process-payments, "Cancellation, void, refund": PATCH cancels the pending bank-transfer invoice',
  },
  {
    method: 'PATCH',
    path: '/api/v1/invoices/:id/send-email',
    operationId: 'invoice_send_email',
    docs: 'process-payments, "Resending the invoice email": PATCH with {} mails the invoice again',
  },
]
