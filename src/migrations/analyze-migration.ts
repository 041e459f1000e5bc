/** SQL of one migration → its statements, what they do to tables, and what looked wrong (pure). */
import { loadSqlParser, splitStatements, type SqlStatement } from '../sql/statements.js'
import { unparsedSyntaxErrors } from '../sql/statement-syntax.js'
import { tableTree } from '../sql/table-tree.js'
import { analysedText, analysisOf, statementFindings } from './analysis-of.js'
import type { Finding } from '../findings.js'
import type { TableEvent } from './table-events.js'

export interface MigrationSource {
  /** Folder name, e.g. `20240101000000_init`; Prisma orders migrations by it. */
  name: string
  /** Path of its `migration.sql`, used in messages. */
  file: string
  sql: string
}

export interface AnalyzedMigration {
  name: string
  file: string
  /**
   * Every statement. Only those that can change tables are parsed (see statements.ts), and their trees
   * are cut down to what electrify reads (table-tree.ts).
   */
  statements: SqlStatement[]
  /** In statement order. */
  events: TableEvent[]
  findings: Finding[]
}

export function analyzeMigration(source: MigrationSource): AnalyzedMigration {
  const statements = splitStatements(analysedText(source.sql))
  for (const statement of statements) {
    if (!statement.ast) continue
    const tree = tableTree(statement.ast)
    if (tree) statement.ast = tree
    else delete statement.ast
  }
  return analysisOf(source, statements)
}

/**
 * `migration/invalid-statement` for the statements the analysis left unparsed that Postgres would
 * refuse (sql/statement-syntax.ts): asked of the migrations a run is about to apply.
 */
export async function unparsedStatementFindings(migrations: readonly (AnalyzedMigration & { sql: string })[]): Promise<Finding[]> {
  const unparsed = migrations.filter((m) => m.statements.some((s) => s.kind === 'sql' && !s.ast))
  if (unparsed.length === 0) return []
  await loadSqlParser()
  return unparsed.flatMap((m) => unparsedSyntaxErrors(analysedText(m.sql), m.statements).flatMap((s) => statementFindings(s, m.file)))
}
