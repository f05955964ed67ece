import { describe, expect, it } from 'vitest'
import { journalView } from '../mocks/journal.ts'
import { endpointRows, requestRows } from './rows.ts'

/** Issue 27 item 1: a request's detail shows its full URL, headers and bodies, one line a field (Space scrolls). */
const entry = {
  id: 'abc-000001',
  time: '2026-01-05T09:00:00.000Z',
  tenant: 'acme',
  method: 'POST',
  path: '/api/v1/contacts',
  status: 201,
  authMethod: 'api-token' as const,
  principal: 'admin@acme.test',
  durationMs: 1.5,
  reason: null,
  scenarios: [],
  emulation: 'full' as const,
}

describe('requestRows', () => {
  it('details a journal entry with its URL, headers and an indented JSON body', () => {
    const body = JSON.stringify({ email: 'a@example.test', name: 'A' })
    const view = journalView({
      entry,
      request: {
        method: 'POST',
        path: '/api/v1/contacts',
        query: new URLSearchParams('from=portal'),
        host: 'acme.localhost:4010',
        protocol: 'http',
        clientAddress: '127.0.0.1',
        header: () => null,
        text: async () => body,
        target: () => '/api/v1/contacts?from=portal',
        rawHeaders: () => ['Content-Type', 'application/json', 'Api-Token', 'tok'],
        bodyIfRead: () => body,
      },
      response: { status: 201, headers: { 'Content-Type': 'application/json' }, body: '{"id":7}' },
    })
    const detail = requestRows([JSON.parse(JSON.stringify(view))])[0]!.detail!
    expect(detail.title).toBe('POST http://acme.localhost:4010/api/v1/contacts?from=portal -> 201')
    const fields = detail.fields.map(([name, value]) => `${name}|${value}`)
    expect(fields).toContain('url|http://acme.localhost:4010/api/v1/contacts?from=portal')
    const at = fields.indexOf('request|content-type: application/json')
    expect(fields.slice(at, at + 6)).toEqual([
      'request|content-type: application/json',
      '|api-token: tok',
      'request body|{',
      '|  "email": "a@example.test",',
      '|  "name": "A"',
      '|}',
    ])
    expect(fields.slice(-4)).toEqual([
      'response|content-type: application/json',
      'response body|{',
      '|  "id": 7',
      '|}',
    ])
  })

  it('marks a truncated body and keeps a summary entry (no journal fields) as before', () => {
    const long = 'x'.repeat(20_000)
    const view = journalView({
      entry: { ...entry, id: 'abc-000002' },
      response: { status: 200, headers: { 'Content-Type': 'text/plain' }, body: long },
    })
    const fields = requestRows([view])[0]!.detail!.fields
    expect(fields.at(-1)).toEqual(['', '... truncated: the first 16 KiB of 20000 bytes'])
    const plain = requestRows([{ ...entry, id: 'abc-000003' }])[0]!.detail!
    expect(plain.title).toBe('POST /api/v1/contacts -> 201')
    expect(plain.fields.map(([name]) => name)).toEqual([
      'time',
      'tenant',
      'auth',
      'principal',
      'reason',
      'scenarios',
      'emulation',
      'duration',
    ])
  })
})

describe('endpointRows', () => {
  const endpoints = {
    ...{ total: 1, full: 0, generic: 0, none: 0, public: 0, calls: 0 },
    operations: [
      {
        ...{
          method: 'GET',
          path: '/api/v1/contacts/{id}',
          operationId: 'api_contacts_id_get',
          tag: 'Contact',
        },
        ...{ emulation: 'full' as const, public: false, permissions: [], calls: 0 },
      },
    ],
  }

  it('the detail’s curl command runs as copied: the real port and the tenant’s Api-Token', () => {
    const [row] = endpointRows(endpoints, { port: 4321, token: 'abc123' })
    expect(row!.detail!.usage).toEqual([
      "curl -i -X GET -H 'Api-Token: abc123' http://acme.localhost:4321/api/v1/contacts/1",
    ])
  })
})
