import { STATUS_TEXT } from './status-text.ts'

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

  constructor(
    status: number,
    detail: string,
    options: {
      headers?: Record<string, string>
      violations?: Violation[]
      jwtError?: boolean
      reason?: string
    } = {},
  ) {
    // A refusal is an answer, not a bug: skip the stack trace, the costliest part of an Error (401s under load).
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(detail)
    Error.stackTraceLimit = limit
    this.status = status
    this.detail = detail
    this.headers = options.headers ?? {}
    this.violations = options.violations
    this.jwtError = options.jwtError ?? false
    this.reason = options.reason
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
  constructor(
    readonly status: number,
    readonly error: string,
    readonly errorDescription: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${errorDescription}`)
  }
}

// Helpers that never return, so a handler reads as a list of refusals (navikt's OAuth2Exception.kt).
export function badRequest(detail: string, reason?: string): never {
  throw new HttpError(400, detail, { reason })
}

export function unauthorized(detail: string, options: { jwt?: boolean; reason?: string } = {}): never {
  throw new HttpError(401, detail, {
    jwtError: options.jwt ?? false,
    // RFC 6750 3: a Bearer challenge on every JWT 401.
    headers: options.jwt ? { 'WWW-Authenticate': 'Bearer' } : {},
    reason: options.reason,
  })
}

export function forbidden(reason: string): never {
  throw new HttpError(403, 'Access Denied.', { reason })
}

export const NOT_FOUND_DETAIL = 'The referenced resource was not found or is no longer accessible.'

export function notFound(detail: string = NOT_FOUND_DETAIL, reason?: string): never {
  throw new HttpError(404, detail, { reason })
}

/** SPEC 1: a host that names no tenant is a 404, whatever the path. */
export function noTenantAt(hostname: string): never {
  return notFound(`No Orgo tenant is served at "${hostname}".`, 'unknown tenant host')
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
