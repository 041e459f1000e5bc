/**
 * Gathers what every command needs from disk: where the project is, its annotated models and its
 * analysed migration history. Commands then call the pure core on the result.
 */
import { readFile } from 'node:fs/promises'
import { loadSqlParser } from '../sql/statements.js'
import type { Finding } from '../findings.js'
import { readMigrationHistory } from '../migrations/read-history.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import { findProject, type ProjectLayout } from '../project/find-project.js'
import { parseSchema, type ParsedSchema } from '../schema/parse-schema.js'
import { findAnnotatedTables, type AnnotatedTable } from '../schema/annotations.js'

export interface ProjectOptions {
  /** Directory to run from (default: process.cwd()). */
  cwd?: string
  /** `--schema`: a schema file or folder, relative to `cwd`. */
  schema?: string
}

export interface LoadedProject {
  layout: ProjectLayout
  schema: ParsedSchema
  annotated: AnnotatedTable[]
  history: AnalyzedMigration[]
  /** Warnings about annotations and migrations. */
  findings: Finding[]
}

export async function loadProject(options: ProjectOptions): Promise<LoadedProject> {
  const layout = await findProject({ cwd: options.cwd ?? process.cwd(), schema: options.schema })
  const [schema, history] = await Promise.all([
    Promise.all(layout.schemaFiles.map(async (path) => ({ path, content: await readFile(path, 'utf8') }))).then(parseSchema),
    loadSqlParser().then(() => readMigrationHistory(layout.migrationsDir)),
  ])
  const { tables: annotated, findings: annotationFindings } = findAnnotatedTables(schema)
  return { layout, schema, annotated, history, findings: [...annotationFindings, ...history.flatMap((m) => m.findings)] }
}
