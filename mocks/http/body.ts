import { badRequest, unsupportedMediaType } from './errors.ts'
import type { SandboxRequest } from './types.ts'

export const JSON_TYPES = ['application/ld+json', 'application/json'] as const
export const MERGE_PATCH_TYPES = ['application/merge-patch+json'] as const
export const FORM_TYPE = 'application/x-www-form-urlencoded'

/** The media type of a request without parameters: `application/json; charset=utf-8` -> `application/json`. */
export function mediaType(req: SandboxRequest): string {
  const raw = req.header('content-type') ?? ''
  const semi = raw.indexOf(';')
  return (semi === -1 ? raw : raw.slice(0, semi)).trim().toLowerCase()
}

export function assertContentType(req: SandboxRequest, supported: readonly string[]): string {
  const type = mediaType(req)
  if (!supported.includes(type)) unsupportedMediaType(type, supported)
  return type
}

/** Parses a JSON object body after checking its content type (API Platform answers 400 "Syntax error"). */
export async function readJsonObject(
  req: SandboxRequest,
  supported: readonly string[] = JSON_TYPES,
): Promise<Record<string, unknown>> {
  assertContentType(req, supported)
  const value = parseJson(await req.text())
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    badRequest('The request body must be a JSON object.')
  }
  return value as Record<string, unknown>
}

/** A JSON object body that may be left out altogether (no body, no Content-Type): `{}` then. */
export async function readOptionalJsonObject(req: SandboxRequest): Promise<Record<string, unknown>> {
  const text = await req.text()
  if (text === '' && req.header('content-type') === null) return {}
  assertContentType(req, JSON_TYPES)
  const value = parseJson(text)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    badRequest('The request body must be a JSON object.')
  }
  return value as Record<string, unknown>
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') badRequest('Syntax error: the request body is empty.')
  try {
    return JSON.parse(text)
  } catch (error) {
    return badRequest(`Syntax error: ${(error as Error).message}`)
  }
}

/** Form or JSON body as a flat string map, for endpoints that take either (token refresh, OAuth). */
export async function readFormOrJson(req: SandboxRequest): Promise<Record<string, unknown>> {
  const type = mediaType(req)
  if (type === FORM_TYPE) return Object.fromEntries(new URLSearchParams(await req.text()))
  if ((JSON_TYPES as readonly string[]).includes(type)) return readJsonObject(req)
  return unsupportedMediaType(type, [...JSON_TYPES, FORM_TYPE])
}
