import { expect } from 'vitest'
import { operation as specOperation } from '../../mocks/spec/index.ts'
import { answerProblems } from '../conformance/answers.ts'
import { type CallResult, type TestServer, MERGE } from '../helpers.ts'
import { useServerAndReceiver, type Receiver, type Received } from '../webhooks/receiver.ts'

// The calls of onboard-a-new-member as its curl examples make them, for test/workflows/adhesion*.test.ts.

export const SARAH = 'sarah.oconnor@example.com'
export const PASSWORD = 'civic-projects-2026'

/** Step 1's body, as the docs send it (plus the password the applicant chose, the registration's plainPassword). */
export const STEP_1 = {
  firstName: 'Sarah',
  lastName: "O'Connor",
  email: SARAH,
  dateBirth: '1995-09-08T00:00:00+00:00',
  phoneNumber: '+1 617 555 0177',
  address: '456 Commonwealth Ave, Boston, MA 02215',
  motivation: 'I want to contribute to local civic projects.',
  localCenter: '/api/v1/local_centers/4',
  plainPassword: PASSWORD,
}

export interface Flow {
  s: TestServer
  hooks: Receiver
  admin(): Record<string, string>
  create(body?: Record<string, unknown>, headers?: Record<string, string>): Promise<CallResult>
  upload(id: number, kind: 'id' | 'signed', headers?: Record<string, string>): Promise<CallResult>
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<CallResult>
  send(id: number, headers?: Record<string, string>): Promise<CallResult>
  setStatus(id: number, status: unknown, headers?: Record<string, string>): Promise<CallResult>
  /** The kinds of the mails to an address, oldest first. */
  mails(to: string): Promise<string[]>
  outbox(to: string): Promise<Array<{ kind: string; subject: string; text: string }>>
  bearer(email: string, password: string): Promise<Record<string, string>>
  /** An application made and brought to PENDING by the admin's Api-Token (steps 1 to 4). */
  pending(body?: Record<string, unknown>): Promise<number>
  subscribe(eventTypes: string[]): Promise<void>
  /** The next delivery that matches, past the others (each write of the applicant is an event). */
  deliveryWhere(test: (r: Received) => boolean): Promise<Received>
}

/** `curl -F "field=@name"`: one file part, framed as curl frames it (RFC 7578). */
export function fileForm(field: string, filename: string, type: string, content: string) {
  const boundary = '------------------------d74496d66958873e'
  return {
    headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    body:
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      `Content-Type: ${type}\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  }
}

/** The answer has exactly the spec's shape for the operation (test/conformance/answers.ts), in JSON-LD. */
export function expectSpecShape(operationId: string, res: CallResult): void {
  expect(answerProblems(specOperation(operationId)!, res, 'jsonld')).toEqual([])
}

/** A sandbox and a webhook receiver for the file, reset before each test, and the flow's calls on them. */
export function useFlow(): Flow {
  const f = {} as Flow
  useServerAndReceiver((server, receiver) => ((f.s = server), (f.hooks = receiver)))
  f.admin = () => ({ 'Api-Token': f.s.tokens('acme').rw })
  f.create = (body = STEP_1, headers = f.admin()) =>
    f.s.call({ method: 'POST', path: '/api/v1/adhesion/create', headers, body })
  f.upload = (id, kind, headers = f.admin()) => {
    const form =
      kind === 'id'
        ? fileForm('idMedia', 'passport.pdf', 'application/pdf', '%PDF-1.4 passport scan')
        : fileForm('signedMedia', 'signed-adhesion.pdf', 'application/pdf', '%PDF-1.4 signed form')
    return f.s.call({
      method: 'POST',
      path: `/api/v1/adhesion/${id}/upload-${kind}`,
      headers: { ...headers, ...form.headers },
      body: form.body,
    })
  }
  f.patch = (path, body, headers = f.admin()) =>
    f.s.call({ method: 'PATCH', path, headers: { ...headers, ...MERGE }, body: JSON.stringify(body) })
  f.send = (id, headers) => f.patch(`/api/v1/adhesion/${id}/send`, {}, headers)
  f.setStatus = (id, status, headers) => f.patch(`/api/v1/adhesion/${id}/status`, { status }, headers)
  f.outbox = async (to) => (await f.s.call({ path: `/__sandbox/outbox?to=${encodeURIComponent(to)}` })).json
  f.mails = async (to) => (await f.outbox(to)).map((m) => m.kind)
  f.bearer = async (email, password) => {
    const res = await f.s.call({
      method: 'POST',
      path: '/api/v1/login-check',
      body: { username: email, password },
    })
    expect(res.status, res.text).toBe(200)
    return { Authorization: `Bearer ${res.json.token as string}` }
  }
  f.pending = async (body = STEP_1) => {
    const made = await f.create(body)
    expect(made.status, made.text).toBe(201)
    const id = made.json.id as number
    expect((await f.upload(id, 'id')).status).toBe(201)
    expect((await f.upload(id, 'signed')).status).toBe(201)
    expect((await f.send(id)).status).toBe(200)
    return id
  }
  f.subscribe = async (eventTypes) => {
    const res = await f.s.call({
      method: 'POST',
      path: '/api/v1/webhook_subscriptions',
      headers: f.admin(),
      body: { name: 'CRM', url: f.hooks.url, eventTypes, secret: 'whsec_adhesion_test_0123456789abcdef' },
    })
    expect(res.status, res.text).toBe(201)
  }
  f.deliveryWhere = async (test) => {
    for (;;) {
      const got = await f.hooks.next()
      if (test(got)) return got
    }
  }
  return f
}
