import { compactVerify, exportJWK, importPKCS8, SignJWT, type JWK } from 'jose'
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

export async function createJwtService(clock: Clock): Promise<JwtService> {
  const privateKey = await importPKCS8(DEV_SIGNING_KEY_PKCS8, 'RS256', { extractable: true })
  const { n, e, kty } = await exportJWK(privateKey)
  const publicJwk: JWK = { kty, n, e, alg: 'RS256', use: 'sig', kid: DEV_SIGNING_KEY_ID }
  const publicKey = await crypto.subtle.importKey(
    'jwk',
    { kty, n, e, alg: 'RS256', ext: true },
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['verify'],
  )
  // A token's signature never changes, so each string is verified once; expiry is still checked per request.
  const verified = new Map<string, JwtClaims | null>()

  async function checkSignature(token: string): Promise<JwtClaims | null> {
    if (!isCanonicalCompact(token)) return null
    try {
      const { payload, protectedHeader } = await compactVerify(token, publicKey, { algorithms: ['RS256'] })
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
      return new SignJWT({ ...claims, iat, exp: iat + ttlSeconds })
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
    jwks: () => ({ keys: [publicJwk] }),
  }
}
