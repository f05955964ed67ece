// X-Webhook-Signature, as the only scheme Orgo ever published: its own n8n trigger node (webhooks digest §5 and
// Contradiction 4). Browser-safe: WebCrypto only, no node: imports.

/**
 * `n8n`: what Orgo's n8n trigger node checks today (Orgo-space/n8n-nodes-orgo `nodes/Orgo/OrgoTrigger.node.ts` @ 7ab6de5):
 * a 32-bit string hash, not cryptographic. `hmac-sha256`: hex HMAC-SHA256 of the raw body, the node's first version
 * (@ d23ef23). `none`: no signature header.
 */
export type SignatureScheme = 'n8n' | 'hmac-sha256' | 'none'

export const SIGNATURE_HEADER = 'X-Webhook-Signature'

/**
 * The `X-Webhook-Signature` value for a delivery body: undefined under `none` or without a (non-empty) secret, as the
 * n8n node skips its check when the credential's `webhookSecret` is empty. Throws a TypeError when the `n8n` scheme is
 * given a body that is not JSON (the node hashes the JSON it parsed).
 */
export async function signatureOf(
  scheme: SignatureScheme,
  body: string,
  secret: string | null | undefined,
): Promise<string | undefined> {
  if (scheme === 'none' || !secret) return undefined
  if (scheme === 'n8n') {
    const compact = compactJson(body)
    if (compact === undefined)
      throw new TypeError('An n8n webhook signature is computed over a JSON body; this body is not JSON.')
    return n8nSignature(compact, secret)
  }
  return hmacSha256Hex(secret, body)
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: string }

/**
 * For a receiver: does `signature` (the `X-Webhook-Signature` header) sign `body` (the raw request body) with `secret`?
 * When not, `reason` says why in terms a developer can act on: no header, a re-serialised body, the other scheme,
 * or a plain mismatch (wrong secret). `scheme` defaults to the sandbox's default, `n8n`.
 */
export async function verifyWebhookSignature(input: {
  body: string
  secret: string
  signature: string | null | undefined
  scheme?: SignatureScheme
}): Promise<SignatureVerdict> {
  const { body, secret, scheme = 'n8n' } = input
  const signature = input.signature?.trim() || undefined
  if (typeof body !== 'string') {
    return refuse(
      `The body must be the raw request body as a string, not ${describeValue(body)}: read it before any JSON parsing ` +
        'and pass it unchanged.',
    )
  }
  if (scheme === 'none') {
    if (signature === undefined) return { ok: true }
    const sentScheme = secret ? await schemeThatSigned(body, secret, signature) : undefined
    return refuse(
      sentScheme
        ? `A ${SIGNATURE_HEADER} header was sent (a valid ${sentScheme} signature), but you verify with scheme 'none'. ` +
            `Verify with scheme '${sentScheme}'.`
        : `A ${SIGNATURE_HEADER} header was sent, but you verify with scheme 'none'.`,
    )
  }
  if (!secret) {
    return refuse(
      `The secret is empty. Pass the subscription's "secret": without one the sandbox sends no signature.`,
    )
  }
  if (signature === undefined) {
    return refuse(
      `No ${SIGNATURE_HEADER} header. The sandbox signs a delivery only when its subscription has a "secret", ` +
        'and not when it was started with --webhook-signature none.',
    )
  }
  const compact = compactJson(body)
  if (scheme === 'n8n' && compact === undefined) {
    return refuse('The body is not JSON: an n8n signature is computed over JSON.stringify(JSON.parse(body)).')
  }
  if (await signs(scheme, body, secret, signature)) return { ok: true }

  const otherScheme: SignatureScheme = scheme === 'n8n' ? 'hmac-sha256' : 'n8n'
  if (await signs(otherScheme, body, secret, signature)) {
    return refuse(
      `This is an ${otherScheme} signature, not ${scheme}: the sandbox was started with ` +
        `--webhook-signature ${otherScheme}${otherScheme === 'n8n' ? ' (the default)' : ''}. ` +
        `Verify with scheme '${otherScheme}', or start the sandbox with --webhook-signature ${scheme}.`,
    )
  }
  // n8n hashes the re-stringified JSON, so spaces do not matter to it; hmac-sha256 hashes the bytes as sent.
  const reserialised = scheme === 'hmac-sha256' && compact !== undefined && compact !== body
  if (reserialised && (await signs(scheme, compact, secret, signature))) {
    return refuse(
      'The body was re-serialised: the signature is HMAC-SHA256 over the exact bytes the sandbox sent (compact JSON, ' +
        'no spaces), and the body you passed differs from them. Verify the raw request body, before any JSON parsing.',
    )
  }
  return refuse(
    `The signature does not match: wrong secret, or the body changed after it was sent. The sandbox signs with the ` +
      `subscription's "secret" (${scheme} scheme).` +
      (reserialised
        ? ' Note that this body is not the compact JSON the sandbox sends: pass the raw request body.'
        : '') +
      shapeHint(scheme, signature),
  )
}

/** Math.abs of the 32-bit Java-style hash of `json|secret`, in hex: the node's `verifyWebhookSignature`. */
function n8nSignature(compactBody: string, secret: string): string {
  const text = `${compactBody}|${secret}`
  let hash = 0
  // charCodeAt: UTF-16 code units, as the node does; `| 0` is its `hash & hash` truncation to int32.
  for (let i = 0; i < text.length; i++) hash = ((hash << 5) - hash + text.charCodeAt(i)) | 0
  // Math.abs on a JS number: -2^31 becomes "80000000", never a negative hex.
  return Math.abs(hash).toString(16)
}

async function hmacSha256Hex(secret: string, body: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) {
    throw new Error('crypto.subtle is unavailable: a browser offers it only on https:// or localhost pages.')
  }
  const encoder = new TextEncoder()
  const key = await subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = new Uint8Array(await subtle.sign('HMAC', key, encoder.encode(body)))
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** What the n8n node hashes: the body as n8n parsed it, stringified again. Undefined when the body is not JSON. */
function compactJson(body: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(body))
  } catch {
    return undefined
  }
}

async function signs(
  scheme: SignatureScheme,
  body: string,
  secret: string,
  signature: string,
): Promise<boolean> {
  if (scheme === 'n8n') {
    const compact = compactJson(body)
    // The node compares with ===: hex case matters.
    return compact !== undefined && equalInConstantTime(n8nSignature(compact, secret), signature)
  }
  // Hex is case-blind: the node's HMAC version decoded both sides with Buffer.from(hex) before timingSafeEqual.
  return (
    scheme === 'hmac-sha256' &&
    equalInConstantTime(await hmacSha256Hex(secret, body), signature.toLowerCase())
  )
}

async function schemeThatSigned(body: string, secret: string, signature: string) {
  for (const scheme of ['n8n', 'hmac-sha256'] as const) {
    if (await signs(scheme, body, secret, signature)) return scheme
  }
  return undefined
}

/** Compares every character whatever the first difference, so the time taken leaks nothing of the expected value. */
function equalInConstantTime(expected: string, given: string): boolean {
  if (expected.length !== given.length) return false
  let difference = 0
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i)
  return difference === 0
}

/** A signature of the other scheme's shape made with another secret: say so, it narrows the search. */
function shapeHint(scheme: SignatureScheme, signature: string): string {
  if (scheme === 'n8n' && /^[0-9a-f]{64}$/i.test(signature)) {
    return (
      ' It looks like an hmac-sha256 signature (64 hex digits): is the sandbox started with ' +
      '--webhook-signature hmac-sha256?'
    )
  }
  if (scheme === 'hmac-sha256' && /^[0-9a-f]{1,8}$/.test(signature)) {
    return (
      ' It looks like an n8n signature (up to 8 hex digits): the sandbox signs n8n-style unless started with ' +
      '--webhook-signature hmac-sha256.'
    )
  }
  return ''
}

function refuse(reason: string): SignatureVerdict {
  return { ok: false, reason }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Uint8Array) return 'bytes (decode them as UTF-8 first)'
  return typeof value === 'object' ? 'a parsed object' : `a ${typeof value}`
}
