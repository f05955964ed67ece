import type { AuthMethod } from './auth/principal.ts'

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

export type FeedEvent = { type: 'request'; entry: RequestLogEntry } | { type: 'state'; change: StateChange }

export interface Feed {
  emit(event: FeedEvent): void
  subscribe(listener: (event: FeedEvent) => void): () => void
  /** The latest requests, oldest first (a bounded ring: the log never grows without limit). */
  requests(): RequestLogEntry[]
  changes(): StateChange[]
  clear(): void
}

/** A fixed-size ring: the hot path writes one slot, nothing is copied or shifted per request. */
class Ring<T> {
  readonly #slots: (T | undefined)[]
  #next = 0
  #size = 0

  constructor(readonly capacity: number) {
    this.#slots = new Array<T | undefined>(capacity)
  }

  push(item: T): void {
    this.#slots[this.#next] = item
    this.#next = (this.#next + 1) % this.capacity
    if (this.#size < this.capacity) this.#size++
  }

  toArray(): T[] {
    const start = (this.#next - this.#size + this.capacity) % this.capacity
    const out: T[] = []
    for (let i = 0; i < this.#size; i++) out.push(this.#slots[(start + i) % this.capacity]!)
    return out
  }

  clear(): void {
    this.#slots.fill(undefined)
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
      if (event.type === 'request') requests.push(event.entry)
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
    changes: () => changes.toArray(),
    clear() {
      requests.clear()
      changes.clear()
    },
  }
}
