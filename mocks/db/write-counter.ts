let writes = 0

/** Counts every write to sandbox data in this process, so `--db` saves after a write and never after a read. */
export function noteWrite(): void {
  writes++
}

export function writeCount(): number {
  return writes
}
