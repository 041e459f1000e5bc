/** Where `check` keeps its files for a project (check-cache.ts, check-memo.ts). */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'

/**
 * A project's cache files, without their extension: `node_modules/.cache/electrify/check-<id>` of its
 * package (where build tools keep theirs), one id per schema and migrations folder so that projects
 * sharing a node_modules (workspaces, several schemas in one package) do not overwrite each other's;
 * undefined without a node_modules folder.
 */
export function cacheFileBase(packageRoot: string, project: { schemaPath: string; migrationsDir: string }): string | undefined {
  const folder = path.join(packageRoot, 'node_modules')
  if (!existsSync(folder)) return undefined
  const id = createHash('sha1').update(project.schemaPath).update('\0').update(project.migrationsDir).update('\0').digest('hex').slice(0, 16)
  return path.join(folder, '.cache', 'electrify', `check-${id}`)
}
