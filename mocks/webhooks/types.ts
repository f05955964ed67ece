// The webhook deliveries' shapes (issue 24), shared by the service, the control API, the test API and the
// dashboard. No imports of the sandbox's parts: core-types.ts refers to these.

/** One HTTP attempt of a delivery, as the delivery logs show it. */
export interface DeliveryAttempt {
  /** 1 for the first attempt, 1 + `maxRetries` for the last. */
  number: number
  /** ISO 8601, sandbox clock. */
  at: string
  request: { url: string; headers: Record<string, string>; body: string }
  /** The receiver's status; null when it never answered (refused, timed out, not allowed). */
  status: number | null
  responseBody: string
  durationMs: number
  error?: string
}

/** One event sent to one subscription: its first attempt and retries. */
export interface Delivery {
  /** `X-Webhook-Delivery`: one per subscription and event, the same on every retry. */
  id: string
  /** The envelope's `id` (`wh_evt_…`): the event's, the same for every subscription and retry. */
  eventId: string
  event: string
  tenant: string
  subscriptionId: number
  url: string
  /** The envelope, compact JSON: the exact bytes every attempt sends. */
  body: string
  state: 'pending' | 'succeeded' | 'failed'
  attempts: DeliveryAttempt[]
  /** Sandbox-clock ms of the next attempt; null once succeeded or failed for good. */
  nextAt: number | null
  maxAttempts: number
  timeoutMs: number
  /** A delivery `POST …/test` made: one attempt, never retried, not counted. */
  test?: boolean
}

export interface DeliveryFilter {
  tenant?: string
  subscriptionId?: number
  event?: string
  state?: Delivery['state']
}

/** A receiver in the test's own process: given each delivery to its URL, it answers a status (and a body). */
export type FunctionReceiver = (delivery: {
  url: string
  headers: Record<string, string>
  body: string
  json: unknown
}) => number | { status: number; body?: string } | Promise<number | { status: number; body?: string }>

/** The sandbox's webhooks, as its core, control API and test API use them. */
export interface Webhooks {
  /** Deliveries newest first. */
  list(filter?: DeliveryFilter): Delivery[]
  get(id: string): Delivery | undefined
  /** Runs every attempt that is due now on the sandbox clock (the clock's moves call it too). */
  runDue(): Promise<void>
  /** Resolves once no attempt is in flight or due (tests; `await sandbox.webhooks.settled()`). */
  settled(): Promise<void>
  /** Resolves when the delivery's attempt now in flight (if any) has ended: only that receiver is waited for. */
  attempting(id: string): Promise<void>
  /** Sends a delivery again as a new attempt, whatever its state. */
  resend(id: string): Promise<Delivery | undefined>
  /**
   * Deliveries to `url` go to `receiver` in this process instead of over HTTP (the URL must still be one the
   * sandbox may deliver to: `http://hooks.localhost/orgo`). Returns the function that removes it.
   */
  receive(url: string, receiver: FunctionReceiver): () => void
  /** Drops the deliveries of a filter (a deleted subscription's logs). */
  forget(filter: DeliveryFilter): void
  clear(): void
}
