/** Appends ENABLE ELECTRIC for planned tables to a migration file, keeping every original byte. */
import { readFile } from 'node:fs/promises'
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
