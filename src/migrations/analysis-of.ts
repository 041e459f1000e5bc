/**
 * A migration's events and findings from its statements (pure, and without the SQL parser, so that
 * the check can rebuild an analysis from its cache without loading it).
 */
import type { Finding } from '../findings.js'
import type { SqlStatement } from '../sql/statements.js'
import type { AnalyzedMigration, MigrationSource } from './analyze-migration.js'
import { tableEventsOf, type TableEvent } from './table-events.js'

const BOM = '\uFEFF'

/** The text whose offsets the statements give: without a BOM, which sits on line 1 and is no SQL (every line number stays). */
export function analysedText(sql: string): string {
  return sql.startsWith(BOM) ? sql.slice(1) : sql
}

/** A migration's analysis from its statements, as analyzeMigration made them (or the cache kept them). */
export function analysisOf(source: Pick<MigrationSource, 'name' | 'file'>, statements: SqlStatement[]): AnalyzedMigration {
  const events: TableEvent[] = []
  const findings: Finding[] = []
  for (const statement of statements) {
    // A statement that was not parsed (data, a function body, …) has neither; a data migration has 100,000 of them.
    if (statement.kind === 'sql' && !statement.ast) continue
    events.push(...tableEventsOf(statement))
    findings.push(...statementFindings(statement, source.file))
  }
  return { name: source.name, file: source.file, statements, events, findings }
}

/** What a statement that Postgres or Electric cannot read is reported as (none for any other). */
export function statementFindings(statement: SqlStatement, file: string): Finding[] {
  if (statement.kind === 'invalid' && statement.error?.unterminated) {
    const last = statement.line + countLines(statement.text) - 1
    return [
      {
        severity: 'warning',
        code: 'migration/invalid-statement',
        message: `reading stopped at line ${statement.error.line}: ${statement.error.message}, so lines ${statement.error.line}–${last} are one statement that PostgreSQL will reject, and what they hold is not read`,
        file,
        line: statement.error.line,
        hint: 'Close the quote or comment that opens there (Prisma writes such SQL for a table or column name with quotes in it, e.g. @@map("it\'s \\"quoted\\"")): rename it.',
      },
    ]
  }
  if (statement.kind === 'invalid') {
    return [
      {
        severity: 'warning',
        code: 'migration/invalid-statement',
        message: `not valid PostgreSQL, so electrify could not analyse it: ${statement.error?.message ?? 'syntax error'}`,
        file,
        line: statement.error?.line ?? statement.line,
        hint: 'Postgres will reject this statement too; fix it before applying the migration.',
      },
    ]
  }
  if (statement.ddlx?.kind === 'invalid') {
    return [
      {
        severity: 'warning',
        code: 'migration/invalid-ddlx',
        message: `Electric will answer "Invalid ELECTRIC statement" (${statement.ddlx.reason}): ${statement.text}`,
        file,
        line: statement.line,
        hint: 'Write it as ALTER TABLE "Table" ENABLE ELECTRIC; on its own, ended by a semicolon.',
      },
    ]
  }
  if (statement.ddlx?.kind === 'unsupported') {
    return [
      {
        severity: 'warning',
        code: 'migration/unsupported-ddlx',
        message: `Electric 0.x answers "${statement.ddlx.tag} is currently unsupported" (EX001): ${statement.text}`,
        file,
        line: statement.line,
        hint: 'Remove it: only ENABLE ELECTRIC is available in Electric 0.x by default.',
      },
    ]
  }
  return []
}

function countLines(text: string): number {
  let lines = 1
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++
  return lines
}
