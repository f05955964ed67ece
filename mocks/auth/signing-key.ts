import type { JWK } from 'jose'
import type { SigningKeyStore } from '../db/signing-key-store.ts'

/**
 * The RS256 key JWTs are signed with (lexik's default algorithm). It is generated per process, never shipped:
 * a key in the package would let anyone mint an OTP JWT for any user (findings-3 N10). With `--db` it is kept
 * beside the file, so a restart on the same file keeps verifying its own tokens' signatures (sessions still decide).
 */
export interface SigningKey {
  kid: string
  privateKey: CryptoKey
  publicKey: CryptoKey
  /** The public half as RFC 7517 publishes it at `/.well-known/jwks.json`. */
  publicJwk: JWK
}

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }

let processKey: Promise<SigningKey> | undefined
const storedKeys = new WeakMap<SigningKeyStore, Promise<SigningKey>>()

/** The process's key (or the store's), generated on first use; a failed attempt is retried on the next call. */
export function signingKey(store?: SigningKeyStore): Promise<SigningKey> {
  const cached = store ? storedKeys.get(store) : processKey
  if (cached) return cached
  const loading = (store ? loadOrCreate(store) : generate()).catch((error: unknown) => {
    if (store) storedKeys.delete(store)
    else processKey = undefined
    throw error
  })
  if (store) storedKeys.set(store, loading)
  else processKey = loading
  return loading
}

async function generate(): Promise<SigningKey> {
  const pair = await crypto.subtle.generateKey(
    { ...RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  )
  return fromPair(pair.privateKey, pair.publicKey, randomKid())
}

async function loadOrCreate(store: SigningKeyStore): Promise<SigningKey> {
  const saved = await store.read()
  if (saved) return fromPrivateJwk(saved)
  const key = await generate()
  await store.write({ ...(await crypto.subtle.exportKey('jwk', key.privateKey)), kid: key.kid } as JsonWebKey)
  return key
}

async function fromPrivateJwk(jwk: JsonWebKey): Promise<SigningKey> {
  const kid = (jwk as JWK).kid ?? randomKid()
  const privateKey = await crypto.subtle.importKey('jwk', { ...jwk, alg: 'RS256' }, RS256, true, ['sign'])
  const { n, e } = jwk
  const publicKey = await crypto.subtle.importKey('jwk', { kty: 'RSA', n, e, alg: 'RS256' }, RS256, true, [
    'verify',
  ])
  return fromPair(privateKey, publicKey, kid)
}

async function fromPair(privateKey: CryptoKey, publicKey: CryptoKey, kid: string): Promise<SigningKey> {
  const { n, e } = await crypto.subtle.exportKey('jwk', publicKey)
  return { kid, privateKey, publicKey, publicJwk: { kty: 'RSA', n, e, alg: 'RS256', use: 'sig', kid } }
}

function randomKid(): string {
  return [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('')
}
