import type { AuthMethod } from './auth/principal.ts'
import type { SandboxRequest, SandboxResponse } from './http/types.ts'

export interface RequestLogEntry {
  id: string
  time: string
  tenant: string | null
  method: string
  path: string
  status: number
  authMethod: AuthMethod | null
  principal: string | null
  durationMs: number
  /** Why a refusal was given when the detail is terse on purpose (`Access Denied.`). */
  reason: string | null
  scenarios: string[]
  /** How the operation of Orgo's index that answered is emulated; null for the control API and other paths. */
  emulation?: 'full' | 'schema' | 'generic' | null
}

/** A state change worth showing: a token issued or revoked, a code sent, a scenario flipped. */
export interface StateChange {
  kind: string
  tenant: string | null
  summary: string
  data?: Record<string, unknown>
  time: string
}

/** A request event carries its request and response objects for the journal; listeners read `entry` only. */
export type FeedEvent =
  | { type: 'request'; entry: RequestLogEntry; request?: SandboxRequest; response?: SandboxResponse }
  | { type: 'state'; change: StateChange }

/**
 * A request entry with the request and response objects behind it, kept by reference (issue 27: the journal,
 * mocks/journal.ts, reads headers and bodies from them only when someone reads the journal).
 */
export interface Exchange {
  entry: RequestLogEntry
  request?: SandboxRequest
  response?: SandboxResponse
}

export interface Feed {
  /** A request event's request and response are kept by reference: two more slots written, nothing copied. */
  emit(event: FeedEvent): void
  subscribe(listener: (event: FeedEvent) => void): () => void
  /** The latest requests, oldest first (a bounded ring: the log never grows without limit). */
  requests(): RequestLogEntry[]
  /** The same requests with their request and response objects, for the journal. */
  exchanges(): Exchange[]
  changes(): StateChange[]
  clear(): void
}

/** A fixed-size ring: the hot path writes one slot, nothing is copied or shifted per request. */
class Ring<T> {
  readonly #slots: (T | undefined)[]
  /** Per slot, what the journal reads later (a request's request and response objects). */
  readonly requests: (SandboxRequest | undefined)[]
  readonly responses: (SandboxResponse | undefined)[]
  #next = 0
  #size = 0

  constructor(readonly capacity: number) {
    this.#slots = new Array<T | undefined>(capacity)
    this.requests = new Array<SandboxRequest | undefined>(capacity)
    this.responses = new Array<SandboxResponse | undefined>(capacity)
  }

  push(item: T, request?: SandboxRequest, response?: SandboxResponse): void {
    this.#slots[this.#next] = item
    this.requests[this.#next] = request
    this.responses[this.#next] = response
    this.#next = (this.#next + 1) % this.capacity
    if (this.#size < this.capacity) this.#size++
  }

  /** Slot indexes, oldest first. */
  #order(): number[] {
    const start = (this.#next - this.#size + this.capacity) % this.capacity
    return Array.from({ length: this.#size }, (_, i) => (start + i) % this.capacity)
  }

  toArray(): T[] {
    return this.#order().map((i) => this.#slots[i]!)
  }

  withRefs(): { item: T; request?: SandboxRequest; response?: SandboxResponse }[] {
    return this.#order().map((i) => ({
      item: this.#slots[i]!,
      request: this.requests[i],
      response: this.responses[i],
    }))
  }

  clear(): void {
    this.#slots.fill(undefined)
    this.requests.fill(undefined)
    this.responses.fill(undefined)
    this.#next = 0
    this.#size = 0
  }
}

export function createFeed(capacity = 500): Feed {
  const listeners = new Set<(event: FeedEvent) => void>()
  const requests = new Ring<RequestLogEntry>(capacity)
  const changes = new Ring<StateChange>(capacity)
  return {
    emit(event) {
      if (event.type === 'request') requests.push(event.entry, event.request, event.response)
      else changes.push(event.change)
      if (listeners.size === 0) return
      for (const listener of listeners) {
        try {
          listener(event)
        } catch (error) {
          console.error('feed listener failed:', error)
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    requests: () => requests.toArray(),
    exchanges: () =>
      requests.withRefs().map(({ item, request, response }) => ({ entry: item, request, response })),
    changes: () => changes.toArray(),
    clear() {
      requests.clear()
      changes.clear()
    },
  }
}

// The request log's time, formatted once per millisecond however many requests share it (issue 13).
let lastLogTime = { at: Number.NaN, text: '' }
export function logTime(now: number): string {
  if (now !== lastLogTime.at) lastLogTime = { at: now, text: new Date(now).toISOString() }
  return lastLogTime.text
}
