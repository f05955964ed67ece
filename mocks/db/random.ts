import type { Faker } from '@faker-js/faker'
// English only: the package's root entry loads every locale (180 ms of start-up), this one only `en` (40 ms).
import { faker as english } from '@faker-js/faker/locale/en'

// Each sandbox gets its own instance (its own seeded sequence), built from the English one's class and data.
const FakerClass = english.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker

/**
 * Randomness for data and for the credentials the sandbox mints. While seeding it is the seeded faker's (same
 * seed, same data and same seeded tokens); after it, `withFreshSecrets` draws every secret from the platform's
 * CSPRNG, so no credential issued after a reset, a restart or in another sandbox can repeat one (findings-3 N1).
 */
export interface Random {
  faker: Faker
  hex(length: number): string
  uuid(): string
  digits(length: number): string
  float(): number
}

export function createRandom(seed: number): Random {
  const faker = new FakerClass({ locale: english.rawDefinitions })
  faker.seed(seed)
  return {
    faker,
    hex: (length) => faker.string.hexadecimal({ length, casing: 'lower', prefix: '' }),
    uuid: () => faker.string.uuid(),
    digits: (length) => faker.string.numeric({ length, allowLeadingZeros: true }),
    float: () => faker.number.float({ min: 0, max: 1 }),
  }
}

/**
 * The seeded faker for data (names of records created later stay reproducible), and `crypto.getRandomValues`
 * (Node and every browser, WebCrypto) for every secret: sessions, refresh tokens, Api-Tokens, OTP codes, OAuth
 * codes and tokens, contact hashes, uuids and hashes of created records.
 */
export function withFreshSecrets(seeded: Random): Random {
  return { faker: seeded.faker, hex: secretHex, uuid: secretUuid, digits: secretDigits, float: seeded.float }
}

function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count))
}

function secretHex(length: number): string {
  let out = ''
  for (const byte of randomBytes(Math.ceil(length / 2))) out += byte.toString(16).padStart(2, '0')
  return out.slice(0, length)
}

/** RFC 9562 5.4: a version 4 uuid, 122 random bits. */
function secretUuid(): string {
  const hex = secretHex(32).split('')
  hex[12] = '4'
  hex[16] = '89ab'[parseInt(hex[16]!, 16) & 3]!
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

function secretDigits(length: number): string {
  let out = ''
  while (out.length < length) {
    // Bytes from 250 up are dropped, so each digit is uniform (byte % 10 over 0..249).
    for (const byte of randomBytes(length)) if (byte < 250 && out.length < length) out += String(byte % 10)
  }
  return out
}
