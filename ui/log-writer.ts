import { write, writeSync } from 'node:fs'

export interface LogWriter {
  /** Queues one line (without its newline); it is written after the current request's response. */
  line(text: string): void
  /** Writes what is queued now, blocking: for the last lines before the process exits. */
  flushSync(): void
  /** Lines given up because the reader fell too far behind (shown in the output when it catches up). */
  readonly dropped: number
}

export interface LogWriterOptions {
  fd?: number
  /** Bytes queued at most while a write is in flight; past it new lines are dropped and counted. */
  maxQueuedBytes?: number
}

/**
 * The `--no-ui` request log without blocking the server (issue 13). On Linux `process.stdout.write` to a terminal
 * or a pipe is synchronous (Node's process documentation, "A note on process I/O"), so one line per request cost
 * 15% of `/api/v1/me`'s CPU, and a terminal that stops reading (a paused tmux pane, `| less`) would stop the API.
 * Here the lines of one event-loop turn go out as one `fs.write` on libuv's thread pool, one write in flight at a
 * time; while it is, lines queue up to a bound, and past it they are dropped and counted rather than held.
 */
export function createLogWriter(options: LogWriterOptions = {}): LogWriter {
  const fd = options.fd ?? 1
  const maxQueued = options.maxQueuedBytes ?? 1024 * 1024
  let queue: string[] = []
  let queuedBytes = 0
  let inFlight: Buffer | undefined
  let scheduled = false
  let closed = false
  let dropped = 0
  let droppedShown = 0

  function take(): Buffer | undefined {
    if (dropped > droppedShown) {
      queue.push(
        `... ${dropped - droppedShown} log lines dropped: the terminal was not reading fast enough\n`,
      )
      droppedShown = dropped
    }
    if (queue.length === 0) return undefined
    const chunk = Buffer.from(queue.join(''))
    queue = []
    queuedBytes = 0
    return chunk
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
      const rest = written < chunk.length ? chunk.subarray(written) : take()
      if (rest) send(rest)
    })
  }

  function flush(): void {
    scheduled = false
    if (closed || inFlight) return
    const chunk = take()
    if (chunk) send(chunk)
  }

  return {
    line(text) {
      if (closed) return
      if (queuedBytes > maxQueued) {
        dropped++
        return
      }
      queue.push(text, '\n')
      queuedBytes += text.length + 1
      if (!scheduled && !inFlight) {
        scheduled = true
        setImmediate(flush)
      }
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
