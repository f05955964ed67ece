import type { JWK } from 'jose'
import type { Clock } from '../clock.ts'
import type { SigningKeyStore } from '../db/signing-key-store.ts'
import { signingKey } from './signing-key.ts'

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
  jwks(): Promise<{ keys: JWK[] }>
  /** What the verify cache holds now: tokens and their characters (bounded, findings-3 N6). */
  cached(): { tokens: number; chars: number }
}

const MAX_CACHED = 20_000
/** Token text held by the verify cache: a token's claims are about its own size again. */
export const MAX_CACHED_BYTES = 4 * 1024 * 1024

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

export async function createJwtService(clock: Clock, store?: SigningKeyStore): Promise<JwtService> {
  // jose, loaded on the first sign or verify: a start-up that serves no JWT never pays for it.
  const keys = async () => {
    const [jose, key] = await Promise.all([import('jose'), signingKey(store)])
    return { jose, key }
  }
  // Generated just after start-up, not during it nor on the first login (RSA 2048 takes 100-200 ms of CPU).
  const warm = setTimeout(() => void signingKey(store).catch(() => undefined), 50)
  ;(warm as { unref?: () => void }).unref?.()
  // A token's signature never changes, so each string is verified once; expiry is still checked per request.
  const verified = new Map<string, JwtClaims | null>()
  let cachedBytes = 0

  async function checkSignature(token: string): Promise<JwtClaims | null> {
    if (!isCanonicalCompact(token)) return null
    const { jose, key } = await keys()
    try {
      const { payload, protectedHeader } = await jose.compactVerify(token, key.publicKey, {
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
      const { jose, key } = await keys()
      return new jose.SignJWT({ ...claims, iat, exp: iat + ttlSeconds })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
        .sign(key.privateKey)
    },
    async verify(token) {
      let claims = verified.get(token)
      if (claims === undefined) {
        claims = await checkSignature(token)
        // Only good signatures are remembered: garbage bearers must not fill memory (findings L8).
        if (claims) {
          // Bounded in bytes, not entries: 20,000 forged 13 KB tokens were 560 MB (findings-3 N6).
          if (verified.size >= MAX_CACHED || cachedBytes + token.length > MAX_CACHED_BYTES) {
            verified.clear()
            cachedBytes = 0
          }
          verified.set(token, claims)
          cachedBytes += token.length
        }
      }
      if (!claims) return { ok: false, error: 'invalid' }
      if (claims.exp * 1000 <= clock.now()) return { ok: false, error: 'expired' }
      return { ok: true, claims }
    },
    cached: () => ({ tokens: verified.size, chars: cachedBytes }),
    jwks: async () => ({ keys: [(await signingKey(store)).publicJwk] }),
  }
}
