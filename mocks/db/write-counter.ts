let writes = 0
const listeners = new Set<() => void>()

/** Counts every write to sandbox data in this process, so `--db` saves after a write and never after a read. */
export function noteWrite(): void {
  writes++
  // Empty without --db: the in-memory hot path pays one counter bump and one size check.
  if (listeners.size) for (const listener of listeners) listener()
}

export function writeCount(): number {
  return writes
}

/** Calls `listener` synchronously after every write (the `--db` saver); returns the unsubscribe. */
export function onWrite(listener: () => void): () => void {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}
