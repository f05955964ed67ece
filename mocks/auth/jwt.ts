import type { JWK } from 'jose'
import type { Clock } from '../clock.ts'
import { DEV_SIGNING_KEY_ID, DEV_SIGNING_KEY_PKCS8 } from './dev-signing-key.ts'

/** LexikJWTAuthenticationBundle's token_ttl as Orgo runs it: about 11 days. */
export const JWT_TTL_SECONDS = 11 * 24 * 3600

/** Claims of an Orgo JWT (Authentication page): password logins carry session_id, OTP ones auth_strength. */
export interface JwtClaims {
  iat: number
  exp: number
  username: string
  roles: string[]
  session_id?: string
  auth_strength?: 'OTP'
  verified_email?: string
  [claim: string]: unknown
}

export type JwtCheck = { ok: true; claims: JwtClaims } | { ok: false; error: 'invalid' | 'expired' }

export interface JwtService {
  sign(claims: Omit<JwtClaims, 'iat' | 'exp'>, ttlSeconds?: number): Promise<string>
  /** Signature first, then expiry against the sandbox clock (lexik's order: a forged token is never "expired"). */
  verify(token: string): Promise<JwtCheck>
  jwks(): { keys: JWK[] }
}

const MAX_CACHED = 20_000

const SEGMENT = /^[A-Za-z0-9_-]*$/

/**
 * RFC 7515 3.1 / 2: three base64url segments, unpadded, each the one spelling of its bytes (the unused low bits
 * of the last character zero), as lexik/lcobucci accept: a credential has exactly one accepted string (L5).
 */
function isCanonicalCompact(token: string): boolean {
  const parts = token.split('.')
  if (parts.length !== 3) return false
  for (const part of parts) {
    if (!SEGMENT.test(part) || part.length % 4 === 1) return false
    // atob/btoa, not Buffer: this runs in browsers too (MSW's setupWorker).
    const padded = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4)
    let binary: string
    try {
      binary = atob(padded)
    } catch {
      return false
    }
    const again = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    if (again !== part) return false
  }
  return true
}

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

/** The DER bytes of a PEM block (RFC 7468 2). */
const pemBytes = (pem: string) =>
  Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0))

/**
 * The modulus and exponent of an RSA key in RFC 5208 PrivateKeyInfo (RFC 8017 A.1.2: the first two integers
 * after the version), read synchronously so that serving the JWKS needs neither jose nor WebCrypto's start-up.
 */
function rsaPublicParts(der: Uint8Array): { n: Uint8Array; e: Uint8Array } {
  let at = 0
  const next = () => {
    at++ // the tag: the structure of PKCS#8 is fixed, only lengths vary
    let length = der[at++]!
    if (length & 0x80) {
      // The long form (X.690 8.1.3.5): the low bits count the length's own bytes.
      let count = length & 0x7f
      length = 0
      while (count-- > 0) length = length * 256 + der[at++]!
    }
    return length
  }
  const skip = () => {
    const length = next()
    at += length
  }
  const integer = () => {
    const length = next()
    let bytes = der.subarray(at, (at += length))
    // DER keeps a leading zero byte to mark a positive integer; a JWK's base64url does not (RFC 7518 6.3.1.1).
    while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1)
    return bytes
  }
  next() // PrivateKeyInfo
  skip() // its version
  skip() // its AlgorithmIdentifier
  next() // the OCTET STRING holding the RSAPrivateKey
  next() // RSAPrivateKey
  skip() // its version
  return { n: integer(), e: integer() }
}

/** jose and the CryptoKeys, loaded on the first sign or verify: a start-up that serves no JWT never pays for them. */
async function loadSigning() {
  const [jose, privateKey] = await Promise.all([
    import('jose'),
    crypto.subtle.importKey('pkcs8', pemBytes(DEV_SIGNING_KEY_PKCS8), RS256, false, ['sign']),
  ])
  const { n, e } = publicJwk()
  const publicKey = await crypto.subtle.importKey(
    'jwk',
    { kty: 'RSA', n, e, alg: 'RS256', ext: true },
    RS256,
    false,
    ['verify'],
  )
  return { jose, privateKey, publicKey }
}

let signing: ReturnType<typeof loadSigning> | undefined
let jwk: JWK | undefined

function publicJwk(): JWK {
  if (!jwk) {
    const { n, e } = rsaPublicParts(pemBytes(DEV_SIGNING_KEY_PKCS8))
    jwk = { kty: 'RSA', n: base64url(n), e: base64url(e), alg: 'RS256', use: 'sig', kid: DEV_SIGNING_KEY_ID }
  }
  return jwk
}

export async function createJwtService(clock: Clock): Promise<JwtService> {
  // The key is the same for every sandbox of the process, so its CryptoKeys are too; a failed load is retried.
  const keys = () =>
    (signing ??= loadSigning().catch((error: unknown) => {
      signing = undefined
      throw error
    }))
  // A token's signature never changes, so each string is verified once; expiry is still checked per request.
  const verified = new Map<string, JwtClaims | null>()

  async function checkSignature(token: string): Promise<JwtClaims | null> {
    if (!isCanonicalCompact(token)) return null
    const { jose, publicKey } = await keys()
    try {
      const { payload, protectedHeader } = await jose.compactVerify(token, publicKey, {
        algorithms: ['RS256'],
      })
      if (protectedHeader.alg !== 'RS256') return null
      const claims = JSON.parse(new TextDecoder().decode(payload)) as JwtClaims
      return typeof claims.exp === 'number' && typeof claims.username === 'string' ? claims : null
    } catch {
      return null
    }
  }

  return {
    async sign(claims, ttlSeconds = JWT_TTL_SECONDS) {
      const iat = Math.floor(clock.now() / 1000)
      const { jose, privateKey } = await keys()
      return new jose.SignJWT({ ...claims, iat, exp: iat + ttlSeconds })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: DEV_SIGNING_KEY_ID })
        .sign(privateKey)
    },
    async verify(token) {
      let claims = verified.get(token)
      if (claims === undefined) {
        claims = await checkSignature(token)
        // Only good signatures are remembered: garbage bearers must not fill memory (findings L8).
        if (claims) {
          if (verified.size >= MAX_CACHED) verified.clear()
          verified.set(token, claims)
        }
      }
      if (!claims) return { ok: false, error: 'invalid' }
      if (claims.exp * 1000 <= clock.now()) return { ok: false, error: 'expired' }
      return { ok: true, claims }
    },
    jwks: () => ({ keys: [publicJwk()] }),
  }
}
