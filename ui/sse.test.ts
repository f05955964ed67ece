import { describe, expect, it } from 'vitest'
import { createSseParser, type SseMessage } from './sse.ts'

const parse = (chunks: string[]) => {
  const out: SseMessage[] = []
  const parser = createSseParser((m) => out.push(m))
  for (const chunk of chunks) parser.push(chunk)
  return { out, parser }
}

describe('createSseParser (HTML 9.2.6)', () => {
  it.each([
    ['one chunk', ['event: request\ndata: {"a":1}\n\n']],
    ['split anywhere', ['eve', 'nt: requ', 'est\nda', 'ta: {"a":1}\n', '\n']],
    ['CRLF', ['event: request\r\ndata: {"a":1}\r\n\r\n']],
    ['CRLF split between CR and LF', ['event: request\r', '\ndata: {"a":1}\r', '\n\r', '\n']],
    ['bare CR', ['event: request\rdata: {"a":1}\r\r', ': next']],
    ['no space after the colon', ['event:request\ndata:{"a":1}\n\n']],
  ])('reads an event: %s', (_name, chunks) => {
    expect(parse(chunks).out).toEqual([{ event: 'request', data: '{"a":1}' }])
  })

  it('joins data lines, defaults the event name, skips comments, keeps retry', () => {
    const { out, parser } = parse(['retry: 1000\n: connected\n\ndata: a\ndata: b\n\n: ping\n\n'])
    expect(out).toEqual([{ event: 'message', data: 'a\nb' }])
    expect(parser.retryMs).toBe(1000)
  })

  it('drops an event without data and waits for the blank line before dispatching', () => {
    const { out, parser } = parse(['event: state\n\nevent: state\ndata: x\n'])
    expect(out).toEqual([])
    parser.push('\n')
    expect(out).toEqual([{ event: 'state', data: 'x' }])
  })
})
