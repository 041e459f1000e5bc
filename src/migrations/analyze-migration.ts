/** SQL of one migration → its statements, what they do to tables, and what looked wrong (pure). */
import type { Finding } from '../findings.js'
import { splitStatements, type SqlStatement } from '../sql/statements.js'
import { tableEventsOf, type TableEvent } from './table-events.js'

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
  statements: SqlStatement[]
  /** In statement order. */
  events: TableEvent[]
  findings: Finding[]
}

const BOM = '\uFEFF'

export function analyzeMigration(source: MigrationSource): AnalyzedMigration {
  // A BOM sits on line 1 and is no SQL; dropping it keeps every line number.
  const sql = source.sql.startsWith(BOM) ? source.sql.slice(1) : source.sql
  const statements = splitStatements(sql)
  return {
    name: source.name,
    file: source.file,
    statements,
    events: statements.flatMap(tableEventsOf),
    findings: statements.flatMap((statement) => findingsOf(statement, source.file)),
  }
}

function findingsOf(statement: SqlStatement, file: string): Finding[] {
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
