import { badRequest } from './errors.ts'
import type { SandboxRequest } from './types.ts'

// `multipart/form-data` bodies (RFC 7578, on RFC 2046 section 5.1.1's framing), as `curl -F "idMedia=@passport.pdf"`
// sends Orgo's uploads (onboard-a-new-member, steps 2 and 3). The sandbox reads every request body as text
// (SandboxRequest.text(): UTF-8, the same in node:http and under MSW), so a file's bytes do not survive the read:
// what is kept of a file is what a client sent about it, its field, file name and media type, and its size as
// received (the UTF-8 length of the decoded text, exact for a text file, approximate for a binary one).

/** A file part: its metadata only (see the module's comment). */
export interface FormFile {
  /** The form field (`idMedia`). */
  field: string
  /** The `filename` parameter of its Content-Disposition (`passport.pdf`). */
  filename: string
  /** Its Content-Type; `application/octet-stream` when it has none (RFC 7578 section 4.4's label for file data). */
  type: string
  /** Bytes as received (see the module's comment). */
  size: number
}

export interface FormData {
  /** The text fields, the last value of a repeated name. */
  fields: Record<string, string>
  files: FormFile[]
}

/** Whether the request is a multipart/form-data one. */
export const isMultipart = (req: SandboxRequest): boolean =>
  (req.header('content-type') ?? '').trim().toLowerCase().startsWith('multipart/form-data')

/** The body of a multipart/form-data request, or a 400 where it does not parse. */
export async function readMultipart(req: SandboxRequest): Promise<FormData> {
  return parseMultipart(await req.text(), req.header('content-type') ?? '')
}

/** `boundary=...` of the Content-Type, quoted or not (RFC 2046: 1 to 70 characters). */
function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType)
  const boundary = match?.[1] ?? match?.[2]
  if (!boundary) badRequest('The multipart/form-data request has no boundary in its Content-Type.')
  return boundary
}

/** `name="idMedia"; filename="passport.pdf"` -> {name, filename}; RFC 7578 section 4.2. */
function dispositionOf(value: string): Record<string, string> {
  const params: Record<string, string> = {}
  for (const match of value.matchAll(/;\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const raw = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!.trim()
    params[match[1]!.toLowerCase()] = raw
  }
  return params
}

export function parseMultipart(body: string, contentType: string): FormData {
  const delimiter = `--${boundaryOf(contentType)}`
  const out: FormData = { fields: {}, files: [] }
  // The preamble before the first delimiter and the epilogue after the closing one are ignored (RFC 2046).
  const first = body.indexOf(delimiter)
  if (first === -1) badRequest('The multipart/form-data body holds no part of its boundary.')
  let at = first + delimiter.length
  let closed = false
  while (at <= body.length) {
    if (body.startsWith('--', at)) {
      closed = true
      break
    }
    const next = body.indexOf(`\r\n${delimiter}`, at)
    // Lenient on a bare LF, as PHP's parser is: some hand-written clients send one.
    const nextLf = next === -1 ? body.indexOf(`\n${delimiter}`, at) : -1
    const end = next !== -1 ? next : nextLf
    if (end === -1) break
    addPart(out, body.slice(skipLineEnd(body, at), end))
    at = end + (next !== -1 ? 2 : 1) + delimiter.length
  }
  if (!closed) badRequest('The multipart/form-data body ends before its closing boundary.')
  return out
}

const skipLineEnd = (text: string, at: number) =>
  text.startsWith('\r\n', at) ? at + 2 : text.startsWith('\n', at) ? at + 1 : at

function addPart(out: FormData, part: string): void {
  const crlf = part.indexOf('\r\n\r\n')
  const lf = crlf === -1 ? part.indexOf('\n\n') : -1
  if (crlf === -1 && lf === -1) badRequest('A multipart/form-data part has no blank line after its headers.')
  const head = part.slice(0, crlf !== -1 ? crlf : lf)
  const content = part.slice(crlf !== -1 ? crlf + 4 : lf + 2)
  const headers: Record<string, string> = {}
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const disposition = headers['content-disposition'] ?? ''
  if (!/^form-data\b/i.test(disposition))
    badRequest('Each multipart/form-data part needs "Content-Disposition: form-data; name=...".')
  const params = dispositionOf(disposition)
  const field = params['name']
  if (field === undefined) badRequest('A multipart/form-data part has no name.')
  if (params['filename'] === undefined) {
    out.fields[field] = content
    return
  }
  out.files.push({
    field,
    filename: params['filename'],
    type: (headers['content-type'] ?? 'application/octet-stream').toLowerCase(),
    size: new TextEncoder().encode(content).length,
  })
}
