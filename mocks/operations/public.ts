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
]
