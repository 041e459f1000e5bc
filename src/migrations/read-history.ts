/** Reads a Prisma migrations folder: every `<name>/migration.sql`, in Prisma's order (names sorted). */
import { readFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { analyzeMigration, type AnalyzedMigration } from './analyze-migration.js'
import { compareMigrationNames } from './migration-order.js'

export interface MigrationFolder {
  name: string
  dir: string
  file: string
}

export async function listMigrations(migrationsDir: string): Promise<MigrationFolder[]> {
  let entries
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name)
  folders.sort(compareMigrationNames)
  const withSql = await Promise.all(
    folders.map(async (name) => {
      const dir = path.join(migrationsDir, name)
      const file = path.join(dir, 'migration.sql')
      const present = (await readdir(dir)).includes('migration.sql')
      return present ? { name, dir, file } : undefined
    }),
  )
  return withSql.filter((m): m is MigrationFolder => m !== undefined)
}

/** An analysed migration with the text it was read from (the rules about comments need it). */
export type ReadMigration = AnalyzedMigration & { sql: string }

export async function readMigrationHistory(migrationsDir: string): Promise<ReadMigration[]> {
  return readMigrations(await listMigrations(migrationsDir))
}

/**
 * Reads and analyses the given migration folders (the SQL parser must be loaded). One file at a time,
 * synchronously: much faster than a promise per file on a long history, and a 20 MB file is read in
 * one piece instead of in chunks that are then joined.
 */
export async function readMigrations(folders: readonly MigrationFolder[]): Promise<ReadMigration[]> {
  return folders.map((m) => {
    const source = { name: m.name, file: m.file, sql: readFileSync(m.file, 'utf8') }
    return { ...analyzeMigration(source), sql: source.sql }
  })
}
