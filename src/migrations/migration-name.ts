/**
 * Migration names and folder names (pure).
 *
 * - `migrationNameFor`: the name `electrify watch` gives a migration when `--name` is not given, from
 *   what changed in the schema text since the previous run (no parser: it works on a half-typed schema
 *   too): `add_item`, `remove_tag`, `electrify_post`, `update_user`, joined by `_and_`; `sync_schema`
 *   for the first run, `update_schema` when no model changed.
 * - `migrationFolderName`: the folder of a migration electrify writes itself, named as Prisma names
 *   them, `<UTC timestamp YYYYMMDDHHMMSS>_<name>`, and sorted after every existing migration, since
 *   Prisma applies them in name order. The timestamp is now, or one second after the newest existing
 *   timestamp when that is not earlier (a clock behind, or a name from the future): a prefix strictly
 *   greater than any other also keeps Electric's migration version (the part before the first `_`)
 *   unique. `newMigrationName`: the same for a migration holding only DDLX, `<stamp>_electrify_<what>`.
 */
import { ElectrifyError } from '../errors.js'
import { hasElectricToken } from '../schema/annotations.js'
import { scanSchemaSource } from '../schema/source-scan.js'
import type { SchemaFile } from '../schema/types.js'
import { compareMigrationNames } from './migration-order.js'

const MAX_LENGTH = 60

interface ModelShape {
  members: string
  annotated: boolean
}

export function migrationNameFor(previous: readonly SchemaFile[] | undefined, current: readonly SchemaFile[]): string {
  if (previous === undefined) return 'sync_schema'
  const before = models(previous)
  const after = models(current)
  const added = [...after.keys()].filter((m) => !before.has(m))
  const removed = [...before.keys()].filter((m) => !after.has(m))
  const kept = [...after.keys()].filter((m) => before.has(m))
  const electrified = kept.filter((m) => after.get(m)!.annotated && !before.get(m)!.annotated)
  const updated = kept.filter((m) => after.get(m)!.members !== before.get(m)!.members)
  const parts = (
    [
      ['add', added],
      ['remove', removed],
      ['electrify', electrified],
      ['update', updated],
    ] as const
  )
    .filter(([, names]) => names.length > 0)
    .map(([verb, names]) => `${verb}_${names.slice(0, 2).map(snake).join('_')}${names.length > 2 ? '_etc' : ''}`)
  if (parts.length === 0) return 'update_schema'
  let name = parts[0]!
  for (const part of parts.slice(1)) {
    if (`${name}_and_${part}`.length > MAX_LENGTH) break
    name = `${name}_and_${part}`
  }
  if (name.length <= MAX_LENGTH) return name
  const cut = name.lastIndexOf('_', MAX_LENGTH)
  return name.slice(0, cut > 0 ? cut : MAX_LENGTH)
}

function models(files: readonly SchemaFile[]): Map<string, ModelShape> {
  const result = new Map<string, ModelShape>()
  for (const file of files) {
    for (const block of scanSchemaSource(file)) {
      if (block.kind !== 'model') continue
      const doc = block.leadingComments.filter((c) => c.slashes >= 3).map((c) => c.text).join('\n')
      result.set(block.name, { members: [...block.members.keys()].sort().join(','), annotated: hasElectricToken(doc) })
    }
  }
  return result
}

/**
 * `<UTC timestamp>_<name>` (e.g. `20240101093000_add_item`), as Prisma names a new migration's folder,
 * sorting after every name in `existing`.
 */
export function migrationFolderName(existing: readonly string[], name: string, now: Date = new Date()): string {
  const last = [...existing].sort(compareMigrationNames).at(-1)
  let time = Math.floor(now.getTime() / 1000) * 1000
  const lastTime = last === undefined ? undefined : stampTime(last)
  if (lastTime !== undefined && lastTime >= time) time = lastTime + 1000
  const folder = `${formatStamp(new Date(time))}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`
  if (last !== undefined && compareMigrationNames(folder, last) <= 0) {
    throw new ElectrifyError(`cannot name a new migration that Prisma would apply after "${last}": its name does not start with a timestamp`, {
      code: 'migrations/cannot-name-last',
      hint: 'Prisma applies migrations in name order; name the migrations folders as Prisma does (YYYYMMDDHHMMSS_name), or add the DDLX to a new migration by hand.',
    })
  }
  return folder
}

/** A migration electrify writes holding only DDLX: `<stamp>_electrify_<what>`, sorting last. */
export function newMigrationName(existing: readonly string[], what: string, now: Date = new Date()): string {
  return migrationFolderName(existing, `electrify_${slug(what)}`, now)
}

const STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/

function stampTime(name: string): number | undefined {
  const m = STAMP.exec(name)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[]
  const time = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)
  return Number.isNaN(time) ? undefined : time
}

function formatStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '').replace(/[-T:]/g, '')
}

/** In the style of Prisma's folder names: lower case, anything but letters and digits becomes `_`. */
function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'ddlx'
  )
}

/** `BlogPost` → `blog_post`: a model or table name as a migration-name word. */
export function snake(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return words || 'table'
}
