import { nearest } from '../did-you-mean.ts'
import { STATUS_TEXT } from './status-text.ts'

/**
 * The sandbox's own advice rides beside Orgo's text, never in it (issue 27, SPEC 10: `detail` stays what Orgo
 * sends). A header value: printable ASCII on one line, bounded, so no client or proxy chokes on it.
 */
export const HINT_HEADER = 'X-Sandbox-Hint'
const HINT_LIMIT = 400

export function hintHeader(hint: string): Record<string, string> {
  const clean = hint.replace(/[^\x20-\x7e]+/g, ' ').trim()
  return { [HINT_HEADER]: clean.length > HINT_LIMIT ? `${clean.slice(0, HINT_LIMIT - 3)}...` : clean }
}

/** The log's reason with the hint beside it, so a library that hides headers still leaves the fix in the log. */
function withHint(reason: string | undefined, hint: string | undefined): string | undefined {
  if (hint === undefined) return reason
  return reason === undefined ? hint : `${reason}: ${hint}`
}

/** One field-level problem of a 422, in API Platform's ConstraintViolationList shape. */
export interface Violation {
  propertyPath: string
  message: string
  code: string
}

export type ErrorShape = 'envelope' | 'lexik'

/**
 * The one error type of the sandbox: it *is* a response (status, title, detail, headers), rendered by the
 * single boundary in `sandbox.dispatch` (hono's HTTPException.getResponse()).
 */
export class HttpError extends Error {
  readonly status: number
  readonly detail: string
  readonly headers: Record<string, string>
  readonly violations?: Violation[]
  /** JWT errors may be rendered in LexikJWTAuthenticationBundle's stock `{code, message}` shape (scenario). */
  readonly jwtError: boolean
  /** A word for the request log on why a request was refused when the detail is deliberately terse. */
  readonly reason?: string
  /** The sandbox's advice (the fix for a mix-up): the `X-Sandbox-Hint` header and the log, never the body. */
  readonly hint?: string

  constructor(
    status: number,
    detail: string,
    options: {
      headers?: Record<string, string>
      violations?: Violation[]
      jwtError?: boolean
      reason?: string
      hint?: string
    } = {},
  ) {
    // A refusal is an answer, not a bug: skip the stack trace, the costliest part of an Error (401s under load).
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(detail)
    Error.stackTraceLimit = limit
    this.status = status
    this.detail = detail
    const hint = options.hint
    this.headers = hint === undefined ? (options.headers ?? {}) : { ...options.headers, ...hintHeader(hint) }
    this.violations = options.violations
    this.jwtError = options.jwtError ?? false
    this.hint = hint
    this.reason = withHint(options.reason, hint)
  }

  get title(): string {
    return STATUS_TEXT[this.status] ?? 'Error'
  }

  toBody(shape: ErrorShape = 'envelope'): Record<string, unknown> {
    if (this.violations) {
      return {
        '@context': '/api/contexts/ConstraintViolationList',
        '@type': 'ConstraintViolationList',
        title: 'An error occurred',
        detail: this.detail,
        violations: this.violations,
        status: this.status,
      }
    }
    if (shape === 'lexik' && this.jwtError) return { code: this.status, message: this.detail }
    return { title: this.title, detail: this.detail, status: this.status }
  }
}

/** RFC 6749 5.2 / 4.1.2.1 errors: rendered as `{error, error_description}`, never as the envelope. */
export class OAuthError extends Error {
  readonly headers: Record<string, string>

  constructor(
    readonly status: number,
    readonly error: string,
    readonly errorDescription: string,
    headers: Record<string, string> = {},
    /** The sandbox's advice: `X-Sandbox-Hint` and the log (the message is the log's reason), never the body. */
    readonly hint?: string,
  ) {
    super(withHint(`${error}: ${errorDescription}`, hint))
    this.headers = hint === undefined ? headers : { ...headers, ...hintHeader(hint) }
  }
}

// Helpers that never return, so a handler reads as a list of refusals (navikt's OAuth2Exception.kt).
export function badRequest(detail: string, reason?: string): never {
  throw new HttpError(400, detail, { reason })
}

/** `detail` is Orgo's message (lexik's or the Api-Token authenticator's); `hint` the sandbox's fix, if any. */
export function unauthorized(
  detail: string,
  options: { jwt?: boolean; reason?: string; hint?: string } = {},
): never {
  throw new HttpError(401, detail, {
    jwtError: options.jwt ?? false,
    // RFC 6750 3: a Bearer challenge on every JWT 401.
    headers: options.jwt ? { 'WWW-Authenticate': 'Bearer' } : {},
    reason: options.reason,
    hint: options.hint,
  })
}

export function forbidden(reason: string): never {
  throw new HttpError(403, 'Access Denied.', { reason })
}

export const NOT_FOUND_DETAIL = 'The referenced resource was not found or is no longer accessible.'

export function notFound(detail: string = NOT_FOUND_DETAIL, reason?: string, hint?: string): never {
  throw new HttpError(404, detail, { reason, hint })
}

/**
 * SPEC 1: a host that names no tenant is a 404, whatever the path. The hint names the served tenants and the
 * nearest one, so `acme-corp.localhost` for `acme.localhost` is a one-glance fix.
 */
export function noTenantAt(hostname: string, served: readonly string[]): never {
  const host = hostname.slice(0, 100)
  return notFound(`No Orgo tenant is served at "${host}".`, 'unknown tenant host', tenantsHint(host, served))
}

/** `Served tenants: acme, globex. Did you mean "acme" (acme.localhost)?` for a slug or host no tenant has. */
export function tenantsHint(slugOrHost: string, served: readonly string[]): string {
  const labels = slugOrHost.split('.')
  // `acme-crop.localhost`: the first label mistyped; `deep.acme.localhost`: a tenant one label too deep.
  const first = labels[0]!.toLowerCase()
  // `nearest` reads a typo or a prefix typed short; `acme-staging` is a served name with a suffix added.
  let near = nearest(first, served) ?? served.find((t) => first.startsWith(t))
  let rest = labels.slice(1)
  const deeper = near === undefined ? labels.findIndex((l, i) => i > 0 && served.includes(l)) : -1
  if (deeper > 0) [near, rest] = [labels[deeper], labels.slice(deeper + 1)]
  const host = rest.length ? ` (${[near, ...rest].join('.')})` : ''
  const guess = near === undefined ? '' : ` Did you mean "${near}"${host}?`
  return `Served tenants: ${served.join(', ')}.${guess}`
}

export function conflict(detail: string): never {
  throw new HttpError(409, detail)
}

export function unsupportedMediaType(contentType: string, supported: readonly string[]): never {
  // API Platform's wording, so a client's error handling sees what production sends.
  const given =
    contentType === ''
      ? 'The content-type header is missing.'
      : `The content-type "${contentType}" is not supported.`
  throw new HttpError(415, `${given} Supported MIME types are "${supported.join('", "')}".`)
}

export function payloadTooLarge(limitBytes: number): never {
  throw new HttpError(413, `The request body is larger than ${limitBytes / 1024 / 1024} MiB.`, {
    headers: { Connection: 'close' },
  })
}

export function tooManyRequests(retryAfterSeconds: number): never {
  throw new HttpError(429, `Rate limit exceeded. Try again in ${retryAfterSeconds} seconds.`, {
    headers: { 'Retry-After': String(retryAfterSeconds) },
  })
}

export function unprocessable(violations: Violation[]): never {
  const detail = violations.map((v) => `${v.propertyPath}: ${v.message}`).join('\n')
  throw new HttpError(422, detail, { violations })
}
