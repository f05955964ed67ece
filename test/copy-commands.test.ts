import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JournalEntry } from '../mocks/journal.ts'
import type { SandboxState } from '../ui/control-client.ts'
import { replayCommand } from '../ui/replay.ts'
import { tokenRows } from '../ui/token-rows.ts'
import { startTestServer, type TestServer } from './helpers.ts'

/**
 * Issue 27: the dashboard's copy keys copy commands that run as pasted: run here by a shell with the real curl,
 * against a real server, and judged by what the sandbox received and answered.
 */
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())

// Asynchronously: the server answering curl runs in this process.
const sh = async (command: string) =>
  (await promisify(execFile)('sh', ['-c', command], { encoding: 'utf8', timeout: 20_000 })).stdout
const journal = async (query: string) =>
  (await s.call({ path: `/__sandbox/requests?${query}` })).json as JournalEntry[]

describe("a request's detail: Y copies it as a curl command that sends it again", () => {
  it('the same method, URL, headers and JSON body (quotes and all) get the same answer', async () => {
    const body = { name: "O'Brien & Sons", note: 'a "quoted" $HOME `ls`' }
    const first = await s.call({
      method: 'POST',
      path: '/api/v1/profile_tags?via=dashboard',
      headers: { 'Api-Token': s.tokens('acme').rw, 'Content-Type': 'application/json' },
      body,
    })
    const [sent] = await journal('method=POST&path=/api/v1/profile_tags&limit=1')
    const command = replayCommand(sent!)
    expect(command).toContain("--data-raw '{\"name\":\"O'\\''Brien")
    const output = await sh(command)
    const [again] = await journal('method=POST&path=/api/v1/profile_tags&limit=1')
    expect(again!.id).not.toBe(sent!.id)
    expect([again!.url, again!.request.body, again!.request.headers['api-token']]).toEqual([
      sent!.url,
      sent!.request.body,
      sent!.request.headers['api-token'],
    ])
    // A tag's name is unique: the replay meets the first one, as a second identical call would.
    expect(output.split('\n')[0]).toMatch(new RegExp(`^HTTP/1.1 ${again!.status}`))
    expect(first.status).toBe(201)
  })

  it("a URL with Orgo's brackets (order[id]=desc) is sent as is, not read by curl as a glob", async () => {
    await s.call({
      path: '/api/v1/contacts?order[id]=desc&itemsPerPage=2',
      headers: { 'Api-Token': s.tokens('acme').ro, Accept: 'application/json' },
    })
    const [sent] = await journal('method=GET&path=/api/v1/contacts&limit=1')
    const command = replayCommand(sent!)
    expect(command).toContain(' -g ')
    const output = await sh(command)
    const [again] = await journal('method=GET&path=/api/v1/contacts&limit=1')
    expect([again!.id !== sent!.id, again!.url, again!.status]).toEqual([true, sent!.url, 200])
    expect(output.split('\n')[0]).toMatch(/^HTTP\/1.1 200/)
  })

  it('a body the journal did not keep whole is left out, and the command says so', () => {
    const entry = {
      method: 'PUT',
      url: 'http://acme.localhost:1/api/v1/media',
      request: {
        headers: { 'content-type': 'image/png', host: 'x' },
        body: '<70000 bytes>',
        size: 70000,
        truncated: false,
      },
    } as unknown as JournalEntry
    expect(replayCommand(entry)).toBe(
      "curl -i -X PUT -H 'content-type: image/png' http://acme.localhost:1/api/v1/media # the 70000-byte body was not kept whole: add it with --data-binary @FILE",
    )
  })
})

describe('an OAuth refresh token: Y copies a refresh that runs with the app’s own credentials', () => {
  it('no <client_secret> placeholder: the token endpoint answers a new pair', async () => {
    const issued = await s.call({
      method: 'POST',
      path: '/__sandbox/oauth-tokens',
      body: { email: 'member@acme.test' },
    })
    expect(issued.status).toBe(201)
    const state = (await s.call({ path: '/__sandbox/state' })).json as SandboxState
    const row = tokenRows(state, { port: s.port, now: Date.now(), jwts: {} }).find(
      (r) => r.detail?.value === issued.json.refresh_token,
    )!
    const [command] = row.detail!.usage
    expect(command).not.toContain('<')
    const answer = JSON.parse(await sh(`${command} -s`)) as Record<string, unknown>
    expect(answer).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) })
  })
})
