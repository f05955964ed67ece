import { randomBytes } from 'node:crypto'
import type { Stats } from 'node:fs'
import { lstat, open, readdir, readlink, realpath, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'

/** `.db.json.<pid>.<random>.tmp`: hidden, beside the file (a rename never crosses file systems), never read. */
const tempName = (file: string) => `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`

/** What a save may replace: a regular file, or nothing yet. Anything else is named, for the error message. */
function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined
  if (stats.isDirectory()) return 'a directory'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isFIFO()) return 'a named pipe (FIFO)'
  return stats.isSocket() ? 'a socket' : 'not a regular file'
}

const statOrMissing = (file: string) =>
  stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })

/**
 * The file a `--db` path stands for: itself, or the end of its symlinks (findings M6: saves write through a
 * link, which stays a link). Throws when that file exists and is not a regular file: a save replaces it by a
 * rename, which would destroy a device, and reading a FIFO would block start-up.
 */
export async function resolveDbTarget(file: string): Promise<string> {
  const found = await statOrMissing(file)
  if (!found) return danglingTarget(file)
  const kind = kindOf(found)
  if (kind) {
    const hint = found.isDirectory() ? `, e.g. --db ${join(file, 'db.json')}` : ''
    throw new Error(
      `--db ${file} is ${kind}: --db takes a regular JSON file, or a path where it may create one${hint}.`,
    )
  }
  return realpath(file)
}

/** A symlink whose target does not exist yet: the first save creates the target, not a file over the link. */
async function danglingTarget(file: string): Promise<string> {
  let current = file
  // Linux gives up after 40 links (ELOOP); so does this.
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(current).catch(() => undefined)
    if (!info?.isSymbolicLink()) return current
    current = resolve(dirname(current), await readlink(current))
  }
  throw new Error(`--db ${file}: too many levels of symbolic links.`)
}

/**
 * Replaces `file` with `text` so that a crash at any moment leaves either the old file or the new one: the
 * text goes to a temporary file in the same directory, is fsynced, then renamed over the file (rename is
 * atomic on POSIX), and the directory is fsynced so the rename itself survives a power cut. The new file
 * keeps the old one's mode and, when the process may set it, its owner (findings L9: it holds every password).
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const previous = await statOrMissing(file)
  // Checked again on every save: the path may have been replaced by something a rename must not clobber.
  if (previous && kindOf(previous)) throw new Error(`${file} is ${kindOf(previous)} now, not the db file.`)
  const temp = join(dirname(file), tempName(file))
  const handle = await open(temp, 'wx')
  try {
    if (previous) {
      if (previous.uid !== process.getuid?.() || previous.gid !== process.getgid?.())
        await handle.chown(previous.uid, previous.gid).catch(() => {})
      // After chown, which clears set-id bits; and not through umask, which only narrows.
      await handle.chmod(previous.mode & 0o7777)
    }
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } catch (error) {
    await handle.close()
    await unlink(temp).catch(() => {})
    throw error
  }
  await handle.close()
  try {
    await rename(temp, file)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
  await syncDirectory(dirname(file))
}

async function syncDirectory(dir: string): Promise<void> {
  // Not every platform can fsync a directory (Windows); the file itself is already safe there.
  const handle = await open(dir, 'r').catch(() => undefined)
  await handle?.sync().catch(() => {})
  await handle?.close()
}

/** Temporary files left by a process that died mid-save; a live process's are left alone. */
export async function removeStaleTemps(file: string): Promise<void> {
  const pattern = new RegExp(
    `^\\.${basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`,
  )
  for (const name of await readdir(dirname(file)).catch(() => [])) {
    const pid = Number(pattern.exec(name)?.[1])
    if (pid && !isAlive(pid)) await unlink(join(dirname(file), name)).catch(() => {})
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
