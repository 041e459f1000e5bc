/** Reads one of the project's fixture migration histories (`fixtures/histories/<name>`). */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readMigrationHistory } from '../src/migrations/read-history.js'
import { loadSqlParser } from '../src/sql/statements.js'

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures')

export function historyDir(name: string): string {
  return path.join(FIXTURES, 'histories', name)
}

export async function fixtureHistory(name: string) {
  await loadSqlParser()
  return readMigrationHistory(historyDir(name))
}
