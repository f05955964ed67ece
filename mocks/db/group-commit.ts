import { AsyncLocalStorage } from 'node:async_hooks'
import { onWrite, writeCount } from './write-counter.ts'

/**
 * Group commit for the `--db` file (SPEC 12, findings M5): a request that wrote is answered only once a save
 * that covers its writes is on disk. Saves never overlap; writes made while one runs wait for the next, which
 * covers them all, so N concurrent writers share one fsync instead of queueing N (docs/decisions/005).
 */
export interface GroupCommit {
  /** Runs one request's work; when that work wrote, settles only after the save covering it (rejects if it fails). */
  durably<T>(work: () => Promise<T>): Promise<T>
  /** Saves whatever is not on disk yet (`force`: even if nothing was written); rejects when that save fails. */
  flush(force?: boolean): Promise<void>
  /** Stops watching writes; a pending save still runs. */
  stop(): void
}

/** One request in flight: the counter value of its latest write (0: none yet). */
interface Mark {
  open: boolean
  last: number
}

// Which request a write belongs to, across its awaits. Only --db enables it: in-memory mode never pays for it.
const requests = new AsyncLocalStorage<Mark>()

interface Deferred {
  promise: Promise<void>
  resolve(): void
  reject(error: unknown): void
}

function deferred(): Deferred {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
  // A background save nobody awaits must not become an unhandled rejection: onError reports it.
  promise.catch(() => {})
  return { promise, resolve, reject }
}

/**
 * `save` serializes the state synchronously (before its first await) and writes it; `onError` reports a failed
 * save, which is retried by the next write or flush, never in a loop.
 */
export function createGroupCommit(save: () => Promise<void>, onError: (error: unknown) => void): GroupCommit {
  let saved = writeCount()
  let running: Promise<void> | undefined
  let runningCovers = 0
  let queued: Deferred | undefined

  const start = () => {
    const waiting = queued!
    queued = undefined
    const covers = writeCount()
    runningCovers = covers
    const current = save().then(() => void (saved = Math.max(saved, covers)))
    running = current
    current
      .then(waiting.resolve, (error: unknown) => {
        onError(error)
        waiting.reject(error)
      })
      .finally(() => {
        running = undefined
        if (queued) start()
      })
  }
  /** The next save that starts from now on; one is queued behind a running save, never beside it. */
  const next = (): Promise<void> => {
    if (!queued) {
      queued = deferred()
      // Not started synchronously: every write of this event-loop turn joins the same save.
      if (!running) setImmediate(start)
    }
    return queued.promise
  }
  const durable = (target: number, force = false): Promise<void> => {
    if (!force && target <= saved) return Promise.resolve()
    if (!force && running && runningCovers >= target) return running
    return next()
  }
  const unsubscribe = onWrite(() => {
    const mark = requests.getStore()
    // Its own latest write, not the counter at its end: a neighbour's later write must not hold it up.
    if (mark?.open) mark.last = writeCount()
    // A write outside a request (a timer, start-up): saved soon, with nobody waiting on it.
    else void next()
  })

  return {
    async durably(work) {
      const mark: Mark = { open: true, last: 0 }
      let result: { value: Awaited<ReturnType<typeof work>> } | { error: unknown }
      try {
        result = { value: await requests.run(mark, work) }
      } catch (error) {
        result = { error }
      }
      mark.open = false
      // A failed save wins over the handler's answer: the response must not claim what the disk lacks.
      if (mark.last) await durable(mark.last)
      if ('error' in result) throw result.error
      return result.value
    },
    async flush(force = false) {
      await durable(writeCount(), force)
    },
    stop: unsubscribe,
  }
}
