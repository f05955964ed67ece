import { write, writeSync } from 'node:fs'

export interface LogWriter<T = string> {
  /** Queues one entry; it is formatted and written after the current request's response. */
  line(entry: T): void
  /** Writes what is queued now, blocking: for the last lines before the process exits. */
  flushSync(): void
  /** Lines given up because the reader fell too far behind (shown in the output when it catches up). */
  readonly dropped: number
}

export interface LogWriterOptions<T> {
  /** Turns an entry into its line (no newline), when the line is written: formatting is off the response path. */
  format?: (entry: T) => string
  fd?: number
  /** Bytes queued at most while a write is in flight; past it new lines are dropped and counted. */
  maxQueuedBytes?: number
}

const FLUSH_MS = 16

/**
 * The `--no-ui` request log without blocking the server (issue 13). On Linux `process.stdout.write` to a terminal
 * is synchronous (Node's process documentation, "A note on process I/O"): a line per request cost 15% of
 * `/api/v1/me`'s CPU, and a terminal that stopped reading (Ctrl-S) stopped the API; to a full pipe it queued
 * without bound. Here entries are formatted 16 ms after the first of them, off the responses' path, and go out
 * as one `fs.write` on libuv's thread pool, one write in flight at a time; while it is, they queue up to a bound,
 * and past it they are dropped and counted rather than held.
 */
export function createLogWriter<T = string>(options: LogWriterOptions<T> = {}): LogWriter<T> {
  const fd = options.fd ?? 1
  const maxQueued = options.maxQueuedBytes ?? 1024 * 1024
  const format = options.format ?? String
  /** Entries not formatted yet: they are formatted as they are written. */
  let entries: T[] = []
  let queuedBytes = 0
  let inFlight: Buffer | undefined
  let scheduled = false
  let closed = false
  let dropped = 0
  let droppedShown = 0

  function take(): Buffer | undefined {
    const text: string[] = []
    for (const entry of entries) text.push(format(entry), '\n')
    entries = []
    queuedBytes = 0
    if (dropped > droppedShown) {
      text.push(`... ${dropped - droppedShown} log lines dropped: the terminal was not reading fast enough\n`)
      droppedShown = dropped
    }
    return text.length === 0 ? undefined : Buffer.from(text.join(''))
  }

  function send(chunk: Buffer): void {
    inFlight = chunk
    write(fd, chunk, 0, chunk.length, null, (error, written) => {
      inFlight = undefined
      if (error) {
        // EAGAIN: a non-blocking descriptor is full; try again shortly. Anything else (EPIPE): nobody reads.
        if (error.code === 'EAGAIN') setTimeout(() => send(chunk), 10).unref()
        else closed = true
        return
      }
      if (written < chunk.length) send(chunk.subarray(written))
      // What queued during the write waits for the next tick of the 16 ms clock, not straight after this one:
      // under load a write finishes while new lines arrive, and writing again at once made it one write (and
      // one thread-pool wake-up of the event loop) every few requests instead of one every 16 ms.
      else if (entries.length > 0 || dropped > droppedShown) schedule()
    })
  }

  function schedule(): void {
    if (scheduled) return
    scheduled = true
    setTimeout(flush, FLUSH_MS)
  }

  function flush(): void {
    scheduled = false
    if (closed || inFlight) return
    const chunk = take()
    if (chunk) send(chunk)
  }

  return {
    line(entry) {
      if (closed) return
      if (queuedBytes > maxQueued) {
        dropped++
        return
      }
      entries.push(entry)
      // An estimate until formatted (a request line is about this long): the bound needs no formatting.
      queuedBytes += typeof entry === 'string' ? entry.length + 1 : 160
      // A log read by eye needs no better than 1/60 s; at 20,000 requests a second that is one write, not 4,000.
      if (!inFlight) schedule()
    },
    flushSync() {
      if (closed) return
      const chunk = take()
      if (!chunk) return
      try {
        writeSync(fd, chunk)
      } catch {
        // The reader is gone at exit: nothing left to tell it.
      }
    },
    get dropped() {
      return dropped
    },
  }
}
