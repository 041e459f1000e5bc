/**
 * Statements electrify cannot read, and what they may hide (pure). PostgreSQL rejects such a statement,
 * but what electrify plans and checks depends on what the migrations do to the annotated tables, and
 * an unreadable statement could create, rename, drop or electrify any table it mentions:
 *
 * - an invalid statement (a syntax error; the broken SQL Prisma writes for `@@map("it's \"quoted\"")`);
 * - where a quote, dollar quote or comment opened in a migration is never closed, reading stops: the
 *   rest of the file is one unterminated statement (sql/statements.ts keeps every statement before it).
 *
 * An annotated table whose name occurs in such a statement (in any case, quoted or not) is one electrify
 * cannot be sure about: an error, which stops a command before it writes anything, and nothing else is
 * said about that table. A table whose name does not occur there cannot be touched by it.
 */
import type { Finding } from '../findings.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import { stopOnErrors } from '../rules/gate.js'
import type { AnnotatedTable } from '../schema/annotations.js'
import { quoteTableName, tableKey } from '../sql/identifiers.js'
import type { SqlStatement } from '../sql/statements.js'
import type { ElectrificationPlan } from './plan-electrification.js'

/**
 * The errors (`plan/unreadable-sql`), and the keys (sql/identifiers.ts tableKey) of the annotated
 * tables they are about: nothing confident is said about those.
 */
export function unreadableSql(models: readonly AnnotatedTable[], history: readonly AnalyzedMigration[]): { findings: Finding[]; unsure: Set<string> } {
  const found = unreadable(models, history)
  const findings = found.map(({ migration, statement, hidden }) => {
    const names = hidden.map((m) => `${quoteTableName(m)} (model ${m.model})`).join(', ')
    const them = hidden.length === 1 ? 'that table' : 'those tables'
    const why = statement.error?.unterminated
      ? `the unread rest of the file mentions ${names}, annotated with @electric, so electrify cannot tell what it does to ${them}`
      : `the statement mentions ${names}, annotated with @electric, so electrify cannot tell what it does to ${them}`
    return unreadableFinding(migration, statement, why)
  })
  return { findings, unsure: new Set(found.flatMap((r) => r.hidden.map(tableKey))) }
}

/**
 * DDLX appended to a migration whose reading stopped would be read as part of the unterminated text
 * (by PostgreSQL and by the proxy alike): the plan cannot append to it.
 */
export function appendAfterUnreadFinding(target: AnalyzedMigration): Finding | undefined {
  const unread = target.statements.find((s) => s.kind === 'invalid' && s.error?.unterminated)
  return unread && unreadableFinding(target, unread, 'ENABLE ELECTRIC appended after it would be read as part of that unterminated text')
}

/** A plan with an error (`plan/unreadable-sql`) is not acted on. */
export function stopOnUnsurePlan(plan: Pick<ElectrificationPlan, 'findings'>, before: readonly Finding[], outcome: string): void {
  stopOnErrors(plan.findings, (errors) => ({
    code: 'plan/unreadable-sql',
    message: `electrify cannot tell what ${errors.length === 1 ? 'a migration does' : `${errors.length} migrations do`} to annotated tables; ${outcome}`,
    file: errors[0]!.file,
    line: errors[0]!.line,
    findings: [...before, ...plan.findings],
    hint: 'Fix the migration as the error above says, then run electrify again.',
  }))
}

function unreadable(models: readonly AnnotatedTable[], history: readonly AnalyzedMigration[]) {
  const found: { migration: AnalyzedMigration; statement: SqlStatement; hidden: AnnotatedTable[] }[] = []
  for (const migration of history) {
    for (const statement of migration.statements) {
      if (statement.kind !== 'invalid') continue
      const text = statement.text.toLowerCase()
      const hidden = models.filter((m, i) => text.includes(m.name.toLowerCase()) && models.findIndex((o) => tableKey(o) === tableKey(m)) === i)
      if (hidden.length > 0) found.push({ migration, statement, hidden })
    }
  }
  return found
}

function unreadableFinding(migration: AnalyzedMigration, statement: SqlStatement, why: string): Finding {
  const at = statement.error?.line ?? statement.line
  const what = statement.error?.unterminated ? `reading of ${migration.name} stopped at line ${at}` : `line ${at} of ${migration.name} is not valid PostgreSQL`
  return {
    severity: 'error',
    code: 'plan/unreadable-sql',
    message: `${what} (${statement.error?.message ?? 'syntax error'}); ${why}`,
    file: migration.file,
    line: at,
    hint: statement.error?.unterminated
      ? 'Close the quote or comment that opens there, so that the whole migration can be read (Prisma writes such SQL for a name with quotes in it, e.g. @@map("it\'s \\"quoted\\""): rename it), then run electrify again.'
      : 'Fix the statement so that PostgreSQL can read it (Prisma writes such SQL for a name with quotes in it, e.g. @@map("it\'s \\"quoted\\""): rename it), then run electrify again.',
  }
}
