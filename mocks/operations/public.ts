/**
 * The operations Orgo's spec opens to anyone (Orgo-space/orgo-mcp `src/data/openapi.json`, commit 1a780c9): their
 * entry overrides the root `security` (`[{ApiToken: []}, {JWT: []}]`, ~11,062,700) with `"security": []`. Each
 * was read in the 11 MB file at the character offset noted (±1 KB). Not here, though their descriptions say "no
 * authentication": `GET /api/v1/widgets/public/{uuid}` (~7,241,000), which has no `security` key, so the root's
 * applies on paper. `POST /api/v1/login-check` has none either (Orgo's Authentication page opens it; the sandbox
 * does too, as a full emulation).
 */
export const PUBLIC_OPERATIONS: readonly string[] = [
  'GET /api/v1/company-invitation/{hash}', // ~600,000
  'POST /api/v1/company-invitation/{hash}/accept', // ~602,400
  'POST /api/v1/company-invitation/{hash}/decline', // just after accept
  'GET /api/v1/get_public_event_anonymous/{uuid}', // ~2,081,000
  'GET /api/v1/public_events', // ~2,104,500
  'GET /api/v1/get_public_form_anonymous/{uuid}', // ~2,633,500
  'GET /api/v1/resolve-slug-go/{slugGo}', // in the Form operations
  'POST /api/v1/identity/create/anonymous', // ~2,850,000
  'POST /api/v1/identity/upload-media-back', // next to identity/create/anonymous
  'GET /api/v1/local-centers-map-public', // ~3,421,000
  'GET /api/v1/local-centers-public', // ~3,437,200
  'GET /api/v1/newsletters_public/{uuid}', // ~3,817,800
  'GET /api/v1/get-payment-page-comments/{uuid}', // ~4,050,900
  'GET /api/v1/get-payment-page-info/{uuid}', // ~4,051,000
  'GET /api/v1/get-payment-page-payments/{uuid}', // ~4,072,500
  'GET /api/v1/product/public/{uuid}', // ~4,160,100
  'GET /api/v1/product_by_slug', // ~4,181,400
  'GET /api/v1/product_prices/public/{id}', // ~4,729,500
  'POST /api/v1/users', // ~6,200,000: "Public self-registration"
  'GET /api/v1/waitlist_entries/public/{uuid}', // ~7,097,500
  'GET /api/v1/waitlist_entries/withdraw/{uuid}', // in the WaitlistEntry operations
  'GET /api/v1/get-newsletter-widget/{uuid}', // ~7,195,000
  // Reference data and the external subscription flow, `"security": []` in Orgo's spec too (the offset its spec
  // module line gives: ../shared/orgo/spec/paths-*.jsonl).
  'GET /api/v1/countries', // ~1,066,000
  'GET /api/v1/countries/{id}',
  'GET /api/v1/counties',
  'GET /api/v1/counties/{id}',
  'GET /api/v1/event_types', // "Used to populate event type selectors"
  'GET /api/v1/local_centers/{id}', // ~3,552,400
  'GET /api/v1/profession_types', // "Supports tenantSlug"
  'GET /api/v1/profession_types/{id}',
  'POST /api/v1/subscription/external/create-pending', // "for an external (non-member) contact"
  'GET /api/v1/subscription/get-pending/{id}',
  'GET /api/v1/towns',
  'GET /api/v1/towns/{id}',
]

/**
 * `"security": []` in the spec, but their own description names who may call them, so they need a credential
 * like any other (decision 015): opening a DELETE "Requires ADMIN_TENANT permission" to anyone would hand every
 * web page the developer opens a way to delete the tenant's data. 43 public in the spec: 34 open, these 9 not.
 */
export const SPEC_PUBLIC_NAMING_CALLERS: readonly string[] = [
  'POST /api/v1/event_types', // "Requires ADMIN_TENANT permission."
  'GET /api/v1/event_types/{id}', // "Accessible to all authenticated tenant members."
  'PATCH /api/v1/event_types/{id}', // "Requires ADMIN_TENANT permission."
  'DELETE /api/v1/event_types/{id}', // "Requires ADMIN_TENANT permission."
  'PATCH /api/v1/local_centers/{id}', // "Requires ADMIN_LOCAL permission on the specific local center."
  'DELETE /api/v1/local_centers/{id}', // "Requires ADMIN_TENANT permission."
  'POST /api/v1/profession_types', // "The tenant is automatically set from the current user context."
  'PATCH /api/v1/profession_types/{id}', // "Restricted to tenant administrators."
  'DELETE /api/v1/profession_types/{id}', // "Restricted to tenant administrators."
]
