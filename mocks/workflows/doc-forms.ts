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
]
