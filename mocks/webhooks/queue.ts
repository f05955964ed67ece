import type { Clock } from '../clock.ts'
import type { Transport } from './transport.ts'
import type { Delivery, DeliveryAttempt, DeliveryFilter, Webhooks } from './types.ts'

// The deliveries and their attempts on the sandbox clock (issue 24 item 3; Orgo's docs: "Retry up to 3 times with
// exponential backoff (up to ~10 minutes between attempts)", 4xx and 5xx alike; the spec's per-subscription
// `maxRetries` and `timeoutSeconds`). A retry is due at a time of the sandbox clock: advancing the clock
// (`POST /__sandbox/clock`, the test API) runs every due one at once, so a receiver's retry handling is tested in
// milliseconds; a running clock reaches it by a timer. A slow receiver never holds up a request: attempts run
// beside the API, each bounded by its timeout.

/** The wait after attempt n fails: 150 s, 300 s, then 600 s (the docs' "~10 minutes"; the base is the sandbox's). */
export function backoffMs(attempt: number): number {
  return Math.min(600_000, 150_000 * 2 ** (attempt - 1))
}

/** Any 2xx tells Orgo the delivery succeeded (the spec's webhooks, `200`); no answer never does. */
export const succeeded = (status: number | null | undefined): boolean =>
  status != null && status >= 200 && status < 300

/** Deliveries kept: the newest; a finished one goes first when over. */
const CAPACITY = 1000

/** What the fault scenarios do to one delivery (scenarios/webhook-*.ts); zero: nothing. */
export interface Faults {
  /** Attempts that fail as if the receiver were down, never sent (webhook-fail). */
  failFirst: number
  /** Extra sends of each attempt that reaches the receiver (webhook-duplicate). */
  copies: number
  /** A wait before the first attempt, sandbox clock (webhook-delay). */
  delayMs: number
  /** Held this long, then sent newest first (webhook-out-of-order). */
  holdMs: number
}

export const NO_FAULTS: Faults = { failFirst: 0, copies: 0, delayMs: 0, holdMs: 0 }

export interface QueueDeps {
  /** The fault scenarios that apply to a delivery now. */
  faults(delivery: Delivery): Faults
  clock: Clock
  transport: Transport
  /** Why the sandbox may not deliver to a URL (host-guard.ts), checked again at every attempt. */
  refusal(url: string): string | undefined
  /** After every attempt: the subscription's counters, the log line. */
  attempted(delivery: Delivery, attempt: DeliveryAttempt): void
}

export interface DeliveryQueue extends Omit<Webhooks, 'receive'> {
  /** Adds a delivery and makes its first attempt at once; `headers` are sent on every attempt. */
  enqueue(delivery: Delivery, headers: Record<string, string>): void
}

export function createDeliveryQueue(deps: QueueDeps): DeliveryQueue {
  const { clock } = deps
  let deliveries: Delivery[] = []
  const headersOf = new Map<string, Record<string, string>>()
  const inFlight = new Map<string, Promise<void>>()
  let timer: ReturnType<typeof setTimeout> | undefined

  async function attempt(delivery: Delivery): Promise<void> {
    const number = delivery.attempts.length + 1
    const headers = {
      ...headersOf.get(delivery.id),
      // Orgo's docs: "Unix timestamp of when this delivery was sent": fresh on each attempt.
      'X-Webhook-Timestamp': String(Math.floor(clock.now() / 1000)),
    }
    const at = new Date(clock.now()).toISOString()
    const faults = delivery.test ? NO_FAULTS : deps.faults(delivery)
    const refused =
      deps.refusal(delivery.url) ??
      (number <= faults.failFirst
        ? `failed by the webhook-fail scenario (attempt ${number} of the first ${faults.failFirst}), not sent`
        : undefined)
    const request = { url: delivery.url, headers, body: delivery.body, timeoutMs: delivery.timeoutMs }
    const result = refused
      ? { status: null, body: '', durationMs: 0, error: refused }
      : await deps.transport(request)
    // webhook-duplicate: the same bytes again; only the first answer counts.
    if (!refused) for (let i = 0; i < faults.copies; i++) await deps.transport(request)
    const record: DeliveryAttempt = {
      number,
      at,
      request: { url: delivery.url, headers, body: delivery.body },
      status: result.status,
      responseBody: result.body,
      durationMs: Math.round(result.durationMs),
      ...(result.error === undefined ? {} : { error: result.error }),
    }
    delivery.attempts.push(record)
    if (succeeded(result.status)) {
      delivery.state = 'succeeded'
      delivery.nextAt = null
    } else if (number < delivery.maxAttempts && !delivery.test) {
      delivery.state = 'pending'
      delivery.nextAt = clock.now() + backoffMs(number)
    } else {
      delivery.state = 'failed'
      delivery.nextAt = null
    }
    deps.attempted(delivery, record)
  }

  function start(delivery: Delivery): Promise<void> {
    const running = inFlight.get(delivery.id)
    if (running) return running
    const done = attempt(delivery)
      .catch(() => undefined)
      .finally(() => {
        inFlight.delete(delivery.id)
        arm()
      })
    inFlight.set(delivery.id, done)
    return done
  }

  /** webhook-out-of-order: a window of held deliveries, each later one due a millisecond earlier. */
  let window = { due: -Infinity, held: 0 }
  function heldUntil(holdMs: number): number {
    if (clock.now() >= window.due) window = { due: clock.now() + holdMs, held: 0 }
    return window.due - ++window.held
  }

  const due = () =>
    deliveries.filter((d) => d.nextAt !== null && d.nextAt <= clock.now() && !inFlight.has(d.id))

  /** A real timer for the next retry when the clock runs; a frozen clock reaches it only when moved. */
  function arm(): void {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (clock.frozen) return
    let next = Infinity
    for (const d of deliveries) if (d.nextAt !== null && !inFlight.has(d.id)) next = Math.min(next, d.nextAt)
    if (next === Infinity) return
    timer = setTimeout(() => void queue.runDue(), Math.max(0, next - clock.now()))
    // Never keeps a process alive that has nothing else to do (a test runner, the CLI on Ctrl+C).
    ;(timer as { unref?: () => void }).unref?.()
  }

  function trim(): void {
    if (deliveries.length <= CAPACITY) return
    const finished = deliveries.filter((d) => d.nextAt === null && !inFlight.has(d.id))
    const drop = new Set(finished.slice(0, deliveries.length - CAPACITY))
    deliveries = deliveries.filter((d) => !drop.has(d))
    for (const d of drop) headersOf.delete(d.id)
  }

  const queue: DeliveryQueue = {
    enqueue(delivery, headers) {
      deliveries.push(delivery)
      headersOf.set(delivery.id, headers)
      trim()
      const faults = delivery.test ? NO_FAULTS : deps.faults(delivery)
      if (faults.holdMs > 0) delivery.nextAt = heldUntil(faults.holdMs)
      else if (faults.delayMs > 0) delivery.nextAt = clock.now() + faults.delayMs
      if (delivery.nextAt !== null && delivery.nextAt > clock.now()) arm()
      else void start(delivery)
    },
    list(filter: DeliveryFilter = {}) {
      return deliveries
        .filter(
          (d) =>
            (filter.tenant === undefined || d.tenant === filter.tenant) &&
            (filter.subscriptionId === undefined || d.subscriptionId === filter.subscriptionId) &&
            (filter.event === undefined || d.event === filter.event) &&
            (filter.state === undefined || d.state === filter.state),
        )
        .reverse()
    },
    get: (id) => deliveries.find((d) => d.id === id),
    attempting: async (id) => {
      await inFlight.get(id)
    },
    async runDue() {
      // In the order they fell due: held deliveries go newest first (webhook-out-of-order), one after another.
      for (const delivery of due().sort((a, b) => a.nextAt! - b.nextAt!)) await start(delivery)
    },
    async settled() {
      for (;;) {
        const waiting = [...inFlight.values(), ...due().map(start)]
        if (!waiting.length) return
        await Promise.all(waiting)
      }
    },
    async resend(id) {
      const delivery = queue.get(id)
      if (!delivery) return undefined
      await start(delivery)
      return delivery
    },
    forget(filter) {
      const gone = new Set(queue.list(filter))
      deliveries = deliveries.filter((d) => !gone.has(d))
      for (const d of gone) headersOf.delete(d.id)
    },
    clear() {
      deliveries = []
      headersOf.clear()
      arm()
    },
  }
  clock.onChange(() => {
    arm()
    void queue.runDue()
  })
  return queue
}
