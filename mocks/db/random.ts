import type { Faker } from '@faker-js/faker'
// English only: the package's root entry loads every locale (180 ms of start-up), this one only `en` (40 ms).
import { faker as english } from '@faker-js/faker/locale/en'

// Each sandbox gets its own instance (its own seeded sequence), built from the English one's class and data.
const FakerClass = english.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker

/**
 * Seeded randomness for data and for every credential the sandbox mints, so the same seed and the same
 * requests give the same tokens (reproducible test failures).
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
