import { randomBytes } from 'node:crypto'
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { SandboxCore } from '../core.ts'
import { Collections } from './collections.ts'
import type { OAuthApp } from './oauth-schema.ts'
import { applyDbJson, checkDbJson, dumpDatabase, isSandboxKey, tenantsOf, type DbJson } from './db-json.ts'
import { writeCount } from './write-counter.ts'

/** Writes within this window share one save: a burst of requests writes the file once. */
export const SAVE_DELAY_MS = 100

/** `.db.json.<pid>.<random>.tmp`: hidden, beside the file (a rename never crosses file systems), never read. */
const tempName = (file: string) => `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`

/**
 * Replaces `file` with `text` so that a crash at any moment leaves either the old file or the new one: the
 * text goes to a temporary file in the same directory, is fsynced, then renamed over the file (rename is
 * atomic on POSIX), and the directory is fsynced so the rename itself survives a power cut.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = join(dirname(file), tempName(file))
  const handle = await open(temp, 'wx')
  try {
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
async function removeStaleTemps(file: string): Promise<void> {
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

export interface DbFile {
  /** Absolute path. */
  readonly file: string
  /** Tenants the file lists in `tenants`, served beside the configured ones. */
  readonly tenants: string[]
  /** The file's json-server collections: served under `/api/v1/<name>`. */
  readonly names: readonly string[]
  /**
   * After seeding, on start and on every reset: the file's data replaces the seeded data. `configure` creates
   * the `--oauth-app` apps; they stay as configured even when the file has its own `oauth_apps`.
   */
  load(core: SandboxCore, configure: () => Promise<void>): Promise<void>
  /** Saves after every change from now on; creates the file when it did not exist. */
  attach(core: SandboxCore): Promise<void>
  /** Stops saving after a last save of any pending change. */
  close(): Promise<void>
}

/** Reads and checks a `--db` file; a missing file is created by `attach`. Throws an Error that says what to fix. */
export async function openDbFile(path: string): Promise<DbFile> {
  const file = resolve(path)
  let text: string | undefined
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOENT')
      throw new Error(`--db ${file}: cannot read it (${code ?? (error as Error).message}).`)
  }
  let json: DbJson = {}
  if (text !== undefined && text.trim() !== '') {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      throw new Error(
        `--db ${file} is not valid JSON (${(error as Error).message}): fix it, or delete it to start from the seeded data.`,
      )
    }
    json = checkDbJson(value, `--db ${file}`)
  }
  await removeStaleTemps(file)
  const names = Object.keys(json).filter((key) => !isSandboxKey(key))
  const collections = new Collections(names)
  let saver: Saver | undefined
  let unsubscribe = () => {}
  return {
    file,
    tenants: tenantsOf(json),
    names,
    async load(core, configure) {
      const before = new Set(
        [...core.db.tenants.values()].flatMap((t) => t.oauthApps.all().map((app) => app.id)),
      )
      await configure()
      const configured = [...core.db.tenants.values()].flatMap((t) =>
        t.oauthApps.all().filter((app) => !before.has(app.id)),
      )
      core.db.collections = collections
      await applyDbJson(core.db, json, { defaultTenant: core.options.defaultTenant, source: `--db ${file}` })
      if (json.oauth_apps) await keepConfiguredApps(core, configured)
    },
    async attach(core) {
      saver = createSaver(
        file,
        () => `${JSON.stringify(dumpDatabase(core.db), null, 2)}\n`,
        text,
        (error) => {
          console.error(`sandbox: could not save ${file}:`, error)
          core.change('db.save-failed', null, `Could not save ${file}: ${(error as Error).message}`)
        },
      )
      // The first save creates a missing file now, so a bad directory fails start-up, not a later request.
      if (text === undefined) {
        await saver.flush().catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') {
            throw new Error(
              `--db ${file}: the directory ${dirname(file)} does not exist. Create it, or point --db elsewhere.`,
            )
          }
          throw new Error(`--db ${file}: cannot create it (${error.message}).`)
        })
      }
      unsubscribe = core.feed.subscribe(() => saver!.poke())
    },
    async close() {
      unsubscribe()
      await saver?.flush()
    },
  }
}

/** `--oauth-app` apps are configuration: one the file also holds (same client_id) takes the flag's settings. */
async function keepConfiguredApps(core: SandboxCore, configured: OAuthApp[]): Promise<void> {
  for (const app of configured) {
    let { id, createdAt } = app
    for (const t of core.db.tenants.values()) {
      const same = t.oauthApps.findUnique('clientId', app.clientId)
      if (!same) continue
      // The saved app's id and age stay: a restart must not look like a new app.
      ;({ id, createdAt } = same)
      t.oauthApps.delete(same)
    }
    if ([...core.db.tenants.values()].some((t) => t.oauthApps.get(id))) id = core.db.ids.next('oauth_app')
    await core.tenant(app.tenant)!.oauthApps.insert({ ...app, id, createdAt })
  }
}

interface Saver {
  /** Called on every feed event: schedules a save when something was written since the last one. */
  poke(): void
  /** Saves now if anything is pending (or the last save failed); rejects when that save fails. */
  flush(): Promise<void>
}

function createSaver(
  file: string,
  serialize: () => string,
  onDisk: string | undefined,
  onError: (error: unknown) => void,
): Saver {
  let seen = writeCount()
  let written = onDisk
  let failed = false
  let timer: NodeJS.Timeout | undefined
  let saving: Promise<void> | undefined
  const save = async () => {
    seen = writeCount()
    const text = serialize()
    // A write that changed nothing (a reset of a fresh sandbox) does not touch the file.
    if (text === written) return
    await writeFileAtomic(file, text)
    written = text
  }
  const run = () => {
    timer = undefined
    saving = save()
      .then(() => void (failed = false))
      .catch((error: unknown) => {
        failed = true
        onError(error)
      })
      .finally(() => {
        saving = undefined
        // Writes made while this save was running get the next one.
        if (writeCount() !== seen) schedule()
      })
  }
  const schedule = () => {
    if (!timer && !saving) timer = setTimeout(run, SAVE_DELAY_MS)
  }
  return {
    poke() {
      if (writeCount() !== seen) schedule()
    },
    async flush() {
      clearTimeout(timer)
      timer = undefined
      await saving
      if (writeCount() !== seen || failed || written === undefined) {
        await save()
        failed = false
      }
    },
  }
}
