/** One server-sent event: its `event:` name (default `message`) and its `data:` lines joined by newlines. */
export interface SseMessage {
  event: string
  data: string
}

export interface SseParser {
  /** Feeds a decoded chunk of the stream; complete events are handed to `onMessage` as they end. */
  push(chunk: string): void
  /** The last `retry:` value the server sent, in milliseconds. */
  readonly retryMs: number | undefined
}

/**
 * HTML Living Standard 9.2.6 "Interpreting an event stream", the subset a client needs: `event`, `data`,
 * `retry`, comments and the three line endings. Node 20 has fetch but no EventSource, hence this.
 */
export function createSseParser(onMessage: (message: SseMessage) => void): SseParser {
  let buffer = ''
  let event = ''
  let data: string[] = []
  let retryMs: number | undefined

  const line = (text: string) => {
    if (text === '') {
      // A blank line dispatches; an event without data is dropped, as the standard says.
      if (data.length) onMessage({ event: event || 'message', data: data.join('\n') })
      event = ''
      data = []
      return
    }
    if (text.startsWith(':')) return
    const colon = text.indexOf(':')
    const field = colon === -1 ? text : text.slice(0, colon)
    let value = colon === -1 ? '' : text.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') event = value
    else if (field === 'data') data.push(value)
    else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value)
  }

  return {
    push(chunk) {
      buffer += chunk
      // CRLF and bare CR become LF first; a CR at the very end may be half a CRLF, so it waits for more.
      if (buffer.includes('\r')) {
        const held = buffer.endsWith('\r')
        buffer = (held ? buffer.slice(0, -1) : buffer).replace(/\r\n?/g, '\n') + (held ? '\r' : '')
      }
      // indexOf, not a loop over characters: under load this runs for every request the server answers.
      let start = 0
      for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n', start)) {
        line(buffer.slice(start, end))
        start = end + 1
      }
      buffer = buffer.slice(start)
    },
    get retryMs() {
      return retryMs
    },
  }
}
