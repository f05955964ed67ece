import { expect } from 'vitest'
import type { CallResult, Json } from '../helpers.ts'

/** The answer's JSON once its status is `status`; any other fails the test showing `what` (a call) and the body. */
export function answered(res: CallResult, status = 200, what?: string): Json {
  expect(res.status, what === undefined ? res.text : `${what}: ${res.text}`).toBe(status)
  return res.json as Json
}
