import { Faker, en } from '@faker-js/faker'

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
  const faker = new Faker({ locale: [en] })
  faker.seed(seed)
  return {
    faker,
    hex: (length) => faker.string.hexadecimal({ length, casing: 'lower', prefix: '' }),
    uuid: () => faker.string.uuid(),
    digits: (length) => faker.string.numeric({ length, allowLeadingZeros: true }),
    float: () => faker.number.float({ min: 0, max: 1 }),
  }
}
