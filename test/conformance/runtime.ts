import type { NodeSandbox } from '../../mocks/node.ts'
import type { Sandbox } from '../../mocks/sandbox.ts'
import { recordsOf, schemaTable } from '../../mocks/schema/store.ts'
import { resource } from '../../mocks/spec/index.ts'
import type { Records } from '../../mocks/schema/types.ts'
import { fetchResult, type CallResult, type TestServer } from '../helpers.ts'

/**
 * One runtime the conformance tests drive as a client would (issue 23 item 7): the standalone server over real
 * HTTP, or MSW's setupServer answering the global fetch in process. Both hold the tenant `acme`.
 */
export interface Runtime {
  readonly name: string
  readonly sandbox: Sandbox
  /** The admin's seeded read/write Api-Token in `acme`. */
  readonly adminToken: string
  call(input: {
    method?: string
    path: string
    headers?: Record<string, string>
    body?: string
  }): Promise<CallResult>
}

/** The started server of test/helpers.ts. */
export function httpRuntime(s: TestServer): Runtime {
  return {
    name: 'HTTP',
    sandbox: s.sandbox,
    adminToken: s.tokens('acme').rw,
    call: (input) => s.call(input),
  }
}

/** MSW's setupServer (mocks/node.ts): the production host `https://acme.orgo.space`, the global fetch. */
export function mswRuntime(n: NodeSandbox): Runtime {
  const sandbox = n.sandbox.core
  return {
    name: 'setupServer',
    sandbox,
    adminToken: sandbox
      .tenant('acme')!
      .apiTokens.all()
      .find((k) => !k.isReadOnly)!.token,
    async call(input) {
      const init = { method: input.method ?? 'GET', headers: input.headers, body: input.body }
      return fetchResult(await fetch(`https://acme.orgo.space${input.path}`, init))
    },
  }
}

/** Every record of `acme`, hand-written resources' and the schema engine's alike. */
export const acmeRecords = (rt: Runtime): Records => recordsOf(rt.sandbox, rt.sandbox.tenant('acme')!)

/**
 * The records of a resource in `acme`, in id order (the first 50), those the tests made included: the engine's
 * table (its seed, then what the writes made), or a hand-written resource's.
 */
export function seededRows(rt: Runtime, name: string): Array<Record<string, unknown>> {
  const records = acmeRecords(rt)
  records.ids(name) // seeds it
  const spec = resource(name)
  const table = spec && schemaTable(rt.sandbox, rt.sandbox.tenant('acme')!, spec)
  const ids = table ? table.slice(0, 50).map((r) => r.id) : records.ids(name)
  return ids.map((id) => records.get(name, id)!)
}
