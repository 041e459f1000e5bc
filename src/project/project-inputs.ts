/**
 * Everything in the file system that decides what `check` answers for a project, as probes that can be
 * read again cheaply and synchronously: cli/check-replay.ts answers a repeated check from its last
 * output only while their states are the same. A probe is a path and what of it counts:
 *
 * - `text`: its bytes (or that nothing, or a folder, is there): package.json files, the Prisma config,
 *   the schema files;
 * - `kind`: only whether a file or folder is there: lockfiles, Prisma's default schema places;
 * - `migrations`: the migration folders in it and the bytes of each one's migration.sql;
 * - `schema-files`: the .prisma files under it;
 * - `index` (`check --staged`): what git's index holds under the schema and the migrations folder,
 *   each file's object name (its content) as `git ls-files --stage` lists it (git/staged-files.ts).
 *
 * The list covers what find-project.ts, read-sources.ts and the package-manager detection
 * (package-manager.ts, for the fix commands) look at; a new place they look must be added here.
 */
import { createHash, type Hash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { ProjectLayout } from './find-project.js'
import { entryKindSync, listSchemaFilesSync } from './fs-entries.js'
import { migrationFoldersOnDisk } from './migration-folders.js'
import { defaultSchemaPlaces, packageFileNames, prismaConfigCandidates } from './probed-paths.js'

export type Probe = [path: string, what: 'text' | 'kind' | 'migrations' | 'schema-files'] | [path: string, what: 'index', paths: string[]]

export function projectProbes(layout: Pick<ProjectLayout, 'root' | 'schemaPath' | 'schemaFiles' | 'migrationsDir'>, options: { staged?: boolean } = {}): Probe[] {
  const probes: Probe[] = options.staged ? [[layout.root, 'index', [layout.schemaPath, layout.migrationsDir]]] : []
  // package.json's prisma.schema and packageManager, and lockfiles, are looked for up to the file system root.
  for (let dir = layout.root; ; dir = path.dirname(dir)) {
    for (const name of packageFileNames()) probes.push([path.join(dir, name), name === 'package.json' ? 'text' : 'kind'])
    if (path.dirname(dir) === dir) break
  }
  for (const file of prismaConfigCandidates(layout.root)) probes.push([file, 'text'])
  const defaults = defaultSchemaPlaces(layout.root)
  for (const file of [...defaults.files, defaults.folder]) probes.push([file, 'kind'])
  const folder = !(layout.schemaFiles.length === 1 && layout.schemaFiles[0] === layout.schemaPath)
  if (folder) probes.push([layout.schemaPath, 'schema-files'])
  for (const file of layout.schemaFiles) probes.push([file, 'text'])
  probes.push([layout.migrationsDir, 'migrations'])
  return probes
}

/** One digest of the states of all probes, in order. Throws when one cannot be read (e.g. no permission). */
export function probeDigest(probes: readonly Probe[]): string {
  const h = createHash('sha1')
  for (const probe of probes) {
    const [file, what] = probe
    h.update(`${what}:${file}\0`)
    switch (what) {
      case 'index':
        h.update(stagedListing(file, probe[2]))
        break
      case 'text':
        hashText(h, file)
        break
      case 'kind':
        h.update(`${kindOf(file)}\0`)
        break
      case 'migrations':
        for (const m of migrationFoldersOnDisk(file)) hashText(h.update(`${m.name}\0`), m.file)
        h.update('end of migrations\0')
        break
      case 'schema-files':
        h.update(`${JSON.stringify(entryKindSync(file) === 'directory' ? listSchemaFilesSync(file) : null)}\0`)
        break
    }
  }
  return h.digest('hex')
}

/** `git ls-files --stage` of the paths, as listStagedFiles asks it; throws when git fails. */
function stagedListing(root: string, paths: readonly string[]): Buffer {
  const specs = paths.map((p) => path.relative(root, p) || '.')
  // Loaded here only: a check without --staged runs no process to read its inputs.
  const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process')
  const result = spawnSync('git', ['--literal-pathspecs', 'ls-files', '--stage', '-z', '--', ...specs], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
  if (result.error || result.status !== 0) throw result.error ?? new Error(`git ls-files exited ${result.status}`)
  return result.stdout
}

function hashText(h: Hash, file: string): void {
  const bytes = readIfFile(file)
  if (typeof bytes === 'string') h.update(`${bytes}\0`)
  else h.update(`bytes ${bytes.length}\0`).update(bytes)
}

function readIfFile(file: string): Buffer | 'none' | 'directory' | 'no access' {
  try {
    return readFileSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'none'
    if (code === 'EISDIR') return 'directory'
    if (code === 'EACCES' || code === 'EPERM') return 'no access' // e.g. a folder high above the project
    throw error
  }
}

function kindOf(file: string): string {
  try {
    return entryKindSync(file) ?? 'none'
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') return 'no access'
    throw error
  }
}
