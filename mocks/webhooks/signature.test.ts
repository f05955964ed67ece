import { describe, expect, it } from 'vitest'
import { signatureOf, verifyWebhookSignature, type SignatureScheme } from './signature.ts'

// Test vectors: webhooks digest §5. The others were checked against the n8n node's own verifyWebhookSignature
// (Orgo-space/n8n-nodes-orgo nodes/Orgo/OrgoTrigger.node.ts @ 7ab6de5), run on the same inputs.
const body = '{"id":"wh_evt_test","event":"user.created","object":{"id":42}}'
const secret = 'whsec_a3f8b2c4d6e8f1a3b5c7d9e1f3a5b7c9'
const n8nVector = '38f541f8'
const hmacVector = 'da00817a37749c79cd6caca77507bff880cf0e7f768042784c1e4a7d8dfd3652'
const pretty = JSON.stringify(JSON.parse(body), null, 2)

describe('signatureOf', () => {
  it.each([
    ['n8n', body, secret, n8nVector],
    ['hmac-sha256', body, secret, hmacVector],
    // n8n hashes the re-stringified JSON: spaces, `1.0` and key spacing do not change it.
    ['n8n', pretty, secret, n8nVector],
    ['n8n', '{ "a" : "é/😀", "n": 1.0 }', secret, '3fb35103'],
    // "1|@TWOQQW" hashes to -2^31: Math.abs on a JS number gives "80000000", as the node's code does.
    ['n8n', '1', '@TWOQQW', '80000000'],
    ['none', body, secret, undefined],
    ['n8n', body, '', undefined],
    ['n8n', body, null, undefined],
    ['hmac-sha256', body, undefined, undefined],
  ] as const)('%s of %s with secret %j is %j', async (scheme, text, key, expected) => {
    expect(await signatureOf(scheme, text, key)).toBe(expected)
  })

  it('hmac-sha256 signs the raw bytes: a re-serialised body has another signature', async () => {
    expect(await signatureOf('hmac-sha256', pretty, secret)).not.toBe(hmacVector)
  })

  it('refuses an n8n signature over a body that is not JSON', async () => {
    await expect(signatureOf('n8n', 'not json', secret)).rejects.toThrow(/not JSON/)
  })
})

describe('verifyWebhookSignature', () => {
  const verify = (
    signature: string | null | undefined,
    options: { scheme?: SignatureScheme; body?: string } = {},
  ) => verifyWebhookSignature({ body: options.body ?? body, secret, signature, scheme: options.scheme })

  it.each([
    ['n8n by default', n8nVector, {}],
    ['n8n over a pretty-printed body (the node re-stringifies)', n8nVector, { body: pretty }],
    ['hmac-sha256', hmacVector, { scheme: 'hmac-sha256' }],
    ['hmac-sha256 in upper-case hex', hmacVector.toUpperCase(), { scheme: 'hmac-sha256' }],
    ['a header with surrounding spaces', ` ${n8nVector} `, {}],
    ['no header under scheme none', undefined, { scheme: 'none' }],
  ] as const)('accepts %s', async (_, signature, options) => {
    expect(await verify(signature, options)).toEqual({ ok: true })
  })

  it.each([
    ['no header', undefined, {}, /^No X-Webhook-Signature header\. The sandbox signs a delivery only when/],
    ['an empty header', '', {}, /^No X-Webhook-Signature header/],
    ['a null header', null, { scheme: 'hmac-sha256' }, /^No X-Webhook-Signature header/],
    [
      'an hmac signature checked as n8n',
      hmacVector,
      {},
      /^This is an hmac-sha256 signature, not n8n: the sandbox was started with --webhook-signature hmac-sha256\. /,
    ],
    [
      'an n8n signature checked as hmac',
      n8nVector,
      { scheme: 'hmac-sha256' },
      /^This is an n8n signature, not hmac-sha256: the sandbox was started with --webhook-signature n8n \(the default\)\./,
    ],
    [
      'an hmac signature over a re-serialised body',
      hmacVector,
      { scheme: 'hmac-sha256', body: pretty },
      /^The body was re-serialised: the signature is HMAC-SHA256 over the exact bytes the sandbox sent/,
    ],
    [
      'the wrong secret (n8n)',
      '1234abcd',
      {},
      /^The signature does not match: wrong secret, .*\(n8n scheme\)\.$/,
    ],
    [
      'the wrong secret (hmac)',
      'ab'.repeat(32),
      { scheme: 'hmac-sha256' },
      /^The signature does not match: wrong secret, .*\(hmac-sha256 scheme\)\.$/,
    ],
    [
      'a 64-hex signature from another secret checked as n8n',
      'ab'.repeat(32),
      {},
      /does not match.* It looks like an hmac-sha256 signature \(64 hex digits\)/,
    ],
    [
      'an n8n-shaped signature checked as hmac',
      '1234abcd',
      { scheme: 'hmac-sha256' },
      /does not match.* It looks like an n8n signature/,
    ],
    [
      'a pretty body and a wrong hmac',
      'ab'.repeat(32),
      { scheme: 'hmac-sha256', body: pretty },
      /does not match.* this body is not the compact JSON the sandbox sends: pass the raw request body\./,
    ],
    [
      'an n8n signature in upper case (the node compares with ===)',
      n8nVector.toUpperCase(),
      {},
      /does not match/,
    ],
    [
      'a body that is not JSON under n8n',
      n8nVector,
      { body: 'id=1' },
      /^The body is not JSON: an n8n signature/,
    ],
    [
      'a header under scheme none',
      n8nVector,
      { scheme: 'none' },
      /valid n8n signature\), but you verify with scheme 'none'/,
    ],
  ] as const)('refuses %s, saying why', async (_, signature, options, reason) => {
    const verdict = await verify(signature, options)
    expect(verdict.ok).toBe(false)
    expect(verdict.ok === false && verdict.reason).toMatch(reason)
  })

  it('refuses a parsed object passed as the body (a JavaScript caller ignoring the types)', async () => {
    const verdict = await verifyWebhookSignature({ body: JSON.parse(body), secret, signature: n8nVector })
    expect(verdict).toEqual({
      ok: false,
      reason:
        'The body must be the raw request body as a string, not a parsed object: read it before any JSON parsing and ' +
        'pass it unchanged.',
    })
  })

  it('refuses an empty secret', async () => {
    const verdict = await verifyWebhookSignature({ body, secret: '', signature: n8nVector })
    expect(verdict).toEqual({
      ok: false,
      reason: `The secret is empty. Pass the subscription's "secret": without one the sandbox sends no signature.`,
    })
  })
})
