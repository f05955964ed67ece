import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { DbFile, SandboxCore } from '../core-types.ts'
import { Collections } from './collections.ts'
import { createGroupCommit, type GroupCommit } from './group-commit.ts'
import { jsonDepthProblem, MAX_FILE_DEPTH, MAX_RECORD_DEPTH } from '../json-depth.ts'
import type { OAuthApp } from './oauth-schema.ts'
import {
  applyDbJson,
  checkDbJson,
  dumpDatabase,
  GENERIC_COLLECTIONS_KEY,
  isSandboxKey,
  tenantsOf,
  type DbJson,
} from './db-json.ts'
import { schemaKeysOf } from './schema-tables.ts'
import { signingKeyBeside } from './signing-key-file.ts'
import { removeStaleTemps, resolveDbTarget, writeFileAtomic } from './write-file-atomic.ts'

/**
 * No longer a delay: a write is on disk before its response is sent (group commit, docs/decisions/005).
 * Kept at 0 for callers that waited "a save delay" before reading the file.
 */
export const SAVE_DELAY_MS = 0

export type { DbFile } from '../core-types.ts'

/** Reads and checks a `--db` file; a missing file is created by `attach`. Throws an Error that says what to fix. */
export async function openDbFile(path: string): Promise<DbFile> {
  const file = resolve(path)
  const cannot = (error: unknown, what: string) =>
    new Error(
      `--db ${file}: cannot ${what} it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
    )
  // Refused here, before any read: a FIFO would block start-up, and a save's rename would replace a device.
  const target = await resolveDbTarget(file).catch((error: NodeJS.ErrnoException) => {
    throw error.code ? cannot(error, 'read') : error
  })
  let text: string | undefined
  try {
    text = await readFile(target, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw cannot(error, 'read')
  }
  let json: DbJson = {}
  if (text !== undefined && text.trim() !== '') json = parseDbText(text, `--db ${file}`)
  await removeStaleTemps(target)
  const schemaKeys = schemaKeysOf(json)
  const names = Object.keys(json).filter((key) => !isSandboxKey(key) && !schemaKeys.has(key))
  const collections = await Collections.open(names, json[GENERIC_COLLECTIONS_KEY]).catch((error: Error) => {
    throw new Error(`--db ${file}: ${error.message}`)
  })
  let commits: GroupCommit | undefined
  return {
    file,
    tenants: tenantsOf(json),
    // Those a generic operation made are served by the generic operations again (findings-3 N9).
    names: collections.served,
    signingKey: signingKeyBeside(file),
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
      // Compact: indentation costs O(depth²) bytes, 170× for a deep record (findings N6). Without the effects of
      // state scenarios: those never reach the file, whenever it is saved or the process stops (findings N3).
      const serialize = () =>
        `${JSON.stringify(dumpDatabase(core.db, (table) => core.scenarios.rowsToSave(table)))}\n`
      // The file as this state serializes: what was loaded is what the file means, however it was spelled.
      let onDisk = text === undefined ? undefined : serialize()
      const save = async () => {
        const next = serialize()
        // A save that would change nothing (a reset of a fresh sandbox; a write to another sandbox in this
        // process, which the process-wide counter cannot tell apart) leaves the file alone.
        if (next === onDisk) return
        await writeFileAtomic(target, next)
        onDisk = next
      }
      // The first save creates a missing file now, so a bad directory fails start-up, not a later request.
      if (text === undefined) {
        await save().catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') {
            throw new Error(
              `--db ${file}: the directory ${dirname(target)} does not exist. Create it, or point --db elsewhere.`,
            )
          }
          throw new Error(`--db ${file}: cannot create it (${error.message}).`)
        })
      }
      commits = createGroupCommit(save, (error) => {
        console.error(`sandbox: could not save ${file}:`, error)
        core.change('db.save-failed', null, `Could not save ${file}: ${(error as Error).message}`)
      })
    },
    durably: (work) => (commits ? commits.durably(work) : work()),
    async close() {
      commits?.stop()
      await commits?.flush()
    },
  }
}

/** The text of a db.json, parsed and checked; throws an Error naming the file and what to change. */
function parseDbText(text: string, source: string): DbJson {
  // Before parsing: a value nested this deep loads, then overflows the stack in every walk of it (findings H4).
  const deep = jsonDepthProblem(text, MAX_FILE_DEPTH)
  if (deep) {
    throw new Error(
      `${source} nests a value deeper than ${MAX_RECORD_DEPTH} levels inside a record (line ${deep.line}, column ${deep.column}): the sandbox accepts ${MAX_RECORD_DEPTH}, as Symfony's JSON decoder does. Flatten that value, or delete the file to start from the seeded data.`,
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new Error(
      `${source} is not valid JSON (${(error as Error).message}): fix it, or delete it to start from the seeded data.`,
    )
  }
  return checkDbJson(value, source)
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
