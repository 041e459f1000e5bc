/** Appends ENABLE ELECTRIC for planned tables to a migration file, keeping every original byte; or writes a migration of its own. */
import { mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { TableName } from '../sql/identifiers.js'
import { writeFileAtomic } from '../fs/write-file-atomic.js'
import { renderAppendix } from './render-appendix.js'

export interface InjectionResult {
  file: string
  /** The text appended ('' when nothing was to add). */
  appended: string
  /** False with `dryRun` or when there was nothing to add. */
  written: boolean
}

export async function injectIntoMigration(file: string, tables: readonly TableName[], options: { dryRun?: boolean } = {}): Promise<InjectionResult> {
  const original = await readFile(file)
  const appended = renderAppendix(original.toString('utf8'), tables)
  if (appended === '' || options.dryRun) return { file, appended, written: false }
  await writeFileAtomic(file, Buffer.concat([original, Buffer.from(appended, 'utf8')]))
  return { file, appended, written: true }
}

/**
 * A new migration folder holding only the DDLX for `tables` (for a history whose migrations are shared,
 * or when Prisma found no schema change). `folder` is its name (migration-name.ts: one that sorts last);
 * nothing is written with `dryRun`.
 */
export async function writeDdlxMigration(migrationsDir: string, folder: string, tables: readonly TableName[], options: { dryRun?: boolean } = {}): Promise<InjectionResult & { dir: string }> {
  const dir = path.join(migrationsDir, folder)
  const file = path.join(dir, 'migration.sql')
  const content = renderAppendix('', tables)
  if (options.dryRun) return { dir, file, appended: content, written: false }
  await mkdir(dir, { recursive: true })
  await writeFileAtomic(file, content)
  return { dir, file, appended: content, written: true }
}
