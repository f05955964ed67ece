import { jsonDepthProblem, MAX_RECORD_DEPTH } from '../json-depth.ts'
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
  return jsonObject(await req.text())
}

function jsonObject(text: string): Record<string, unknown> {
  const value = parseJson(text)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    badRequest('The request body must be a JSON object.')
  }
  return value as Record<string, unknown>
}

/**
 * An operation's body, API Platform's way: none for a GET, a DELETE or an operation the spec gives no body; JSON
 * or JSON-LD, or for a PATCH JSON Merge Patch (RFC 7396), with the 415 and 400 answers otherwise.
 */
export async function readOperationBody(
  req: SandboxRequest,
  method: string,
  hasBody: boolean,
): Promise<Record<string, unknown> | undefined> {
  if (!hasBody || method === 'GET' || method === 'DELETE') return undefined
  return readJsonObject(req, method === 'PATCH' ? MERGE_PATCH_TYPES : JSON_TYPES)
}

/** A JSON object body that may be left out altogether (no body, no Content-Type): `{}` then. */
export async function readOptionalJsonObject(req: SandboxRequest): Promise<Record<string, unknown>> {
  const text = await req.text()
  if (text === '' && req.header('content-type') === null) return {}
  assertContentType(req, JSON_TYPES)
  return jsonObject(text)
}

/**
 * PHP's json_decode default depth, which Symfony's JsonDecode and so API Platform keep (findings H4, M7). A
 * body is stored as a record as it is, so it is the depth a db.json record may have too: what a request
 * writes, the next start-up loads.
 */
export const MAX_JSON_DEPTH = MAX_RECORD_DEPTH

/** Whether JSON text nests more than 512 arrays and objects: one scan of the text, no recursion, no parse. */
export function nestsTooDeep(text: string): boolean {
  return jsonDepthProblem(text, MAX_JSON_DEPTH) !== undefined
}

/** The 400 past that depth, in json_decode's words for JSON_ERROR_DEPTH; `mergePatch` answers it too. */
export function nestedTooDeep(): never {
  return badRequest(
    `Maximum stack depth exceeded: the request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels.`,
  )
}

/**
 * A request body as JSON, or the 400 API Platform answers: "Syntax error" for malformed text, json_decode's
 * "Maximum stack depth exceeded" past 512 levels. Deep values are refused here, before anything stores,
 * copies or serializes them (H4: a stored 2,000-level value broke snapshots, `--db` saves and restarts).
 */
export function parseJson(text: string): unknown {
  if (text.trim() === '') badRequest('Syntax error: the request body is empty.')
  if (nestsTooDeep(text)) nestedTooDeep()
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
