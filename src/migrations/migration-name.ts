/**
 * Migration names and folder names (pure).
 *
 * - `migrationNameFor`: the name `electrify watch` gives a migration when `--name` is not given, from
 *   what changed in the schema text since the previous run (no parser: it works on a half-typed schema
 *   too): `add_item`, `remove_tag`, `electrify_post`, `update_user`, joined by `_and_`; `sync_schema`
 *   for the first run, `update_schema` when no model changed.
 * - `migrationFolderName`: the folder of a new migration, named as Prisma names them.
 */
import { hasElectricToken } from '../schema/annotations.js'
import { scanSchemaSource } from '../schema/source-scan.js'
import type { SchemaFile } from '../schema/types.js'

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

/** `<UTC timestamp>_<name>` (e.g. `20240101093000_add_item`), as Prisma names a new migration's folder. */
export function migrationFolderName(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14)
  return `${stamp}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`
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
