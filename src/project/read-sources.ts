/**
 * The text a command reads (for load-project.ts): the schema files and every `migration.sql`, either
 * from the working tree or, with `--staged`, from the git index (what the next commit will contain).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import { isRegularFile, listStagedFiles, readBlobs, type StagedFile } from '../git/staged-files.js'
import type { MigrationSource } from '../migrations/analyze-migration.js'
import { compareMigrationNames } from '../migrations/migration-order.js'
import { migrationFoldersOnDisk } from './migration-folders.js'
import type { ProjectLayout } from '../project/find-project.js'
import type { SchemaFile } from '../schema/types.js'
import { shellQuote } from '../report/shell-quote.js'

export type SourceKind = 'working-tree' | 'index'

export interface ProjectSources {
  source: SourceKind
  schemaFiles: SchemaFile[]
  /** In Prisma's order (folder names sorted). */
  migrations: MigrationSource[]
  /** Notes about what was read, e.g. migrations on disk that are not staged. */
  findings: Finding[]
}

export async function readWorkingTree(layout: ProjectLayout): Promise<ProjectSources> {
  // Synchronous reads: several times faster than a promise per file on a history of hundreds of
  // migrations, and nothing else runs meanwhile.
  const schemaFiles = layout.schemaFiles.map((file) => ({ path: file, content: readFileSync(file, 'utf8') }))
  const migrations: MigrationSource[] = []
  for (const m of migrationFoldersOnDisk(layout.migrationsDir)) {
    const sql = readIfPresent(m.file)
    if (sql !== undefined) migrations.push({ name: m.name, file: m.file, sql })
  }
  return { source: 'working-tree', schemaFiles, migrations, findings: [] }
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined
    throw error
  }
}

/**
 * Staged content only: a file in the working tree that is not in the index (untracked, or its
 * deletion staged) is not part of the commit, so it is not read; a migration folder like that is
 * reported (`check/migration-not-staged`, a warning) since forgetting `git add` is the usual cause.
 * A file deleted from the working tree but still in the index is read from the index.
 * Where the schema and the migrations folder are is still found from the working tree (the Prisma
 * config, package.json); only their content comes from the index.
 */
export async function readIndex(layout: ProjectLayout): Promise<ProjectSources> {
  const root = layout.root
  const schemaIsFolder = !(layout.schemaFiles.length === 1 && layout.schemaFiles[0] === layout.schemaPath)
  const staged = await listStagedFiles(root, [layout.schemaPath, layout.migrationsDir])

  const schemaEntries = staged
    .filter((f) => isRegularFile(f) && (schemaIsFolder ? isInside(layout.schemaPath, f.path) && f.path.endsWith('.prisma') : f.path === layout.schemaPath))
    .sort((a, b) => compare(a.path, b.path))
  if (schemaEntries.length === 0) {
    const shown = path.relative(root, layout.schemaPath) || layout.schemaPath
    throw new ElectrifyError(`the schema ${shown} is not in the git index, so there is nothing staged to check`, {
      code: 'check/schema-not-staged',
      exitCode: 2,
      file: layout.schemaPath,
      hint: `Stage it with \`git add ${shellQuote(shown)}\`, or leave out --staged to check the working tree.`,
    })
  }
  const migrationEntries = new Map<string, StagedFile>()
  for (const f of staged) {
    const name = migrationFolderOf(layout.migrationsDir, f.path)
    if (name !== undefined && isRegularFile(f)) migrationEntries.set(name, f)
  }
  const names = [...migrationEntries.keys()].sort(compareMigrationNames)
  const blobs = await readBlobs(root, [...schemaEntries, ...migrationEntries.values()].map((f) => f.object))
  const text = (f: StagedFile) => blobs.get(f.object)!.toString('utf8')

  const findings: Finding[] = []
  for (const m of migrationFoldersOnDisk(layout.migrationsDir)) {
    if (migrationEntries.has(m.name) || !existsSync(m.file)) continue
    const shown = path.relative(root, m.dir) || m.dir
    findings.push({
      severity: 'warning',
      code: 'check/migration-not-staged',
      message: `migration ${m.name} is in the working tree but not staged: the commit will not contain it`,
      file: m.file,
      hint: `If it belongs to this commit, stage it: \`git add ${shellQuote(shown)}\``,
    })
  }
  return {
    source: 'index',
    schemaFiles: schemaEntries.map((f) => ({ path: f.path, content: text(f) })),
    migrations: names.map((name) => {
      const entry = migrationEntries.get(name)!
      return { name, file: entry.path, sql: text(entry) }
    }),
    findings,
  }
}

/** `<migrationsDir>/<name>/migration.sql` → `<name>`; anything else → undefined. */
function migrationFolderOf(migrationsDir: string, file: string): string | undefined {
  const relative = path.relative(migrationsDir, file)
  const parts = relative.split(path.sep)
  return parts.length === 2 && parts[1] === 'migration.sql' && parts[0] !== '..' && !path.isAbsolute(relative) ? parts[0] : undefined
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file)
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
