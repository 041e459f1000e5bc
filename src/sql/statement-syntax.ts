/**
 * Whether the statements that the analysis did not parse (statements.ts: data, function bodies, views,
 * indexes, …) are valid PostgreSQL. A history's check leaves them unparsed, because they cannot change
 * what electrify knows and parsing them is most of the cost on a data migration. But a statement that
 * Postgres refuses makes Prisma record its migration as failed, so a run asks this of the migrations
 * it is about to apply, and stops before Prisma.
 *
 * The statements go to the parser in batches of about 1 MB through `normalizeSync`. It runs Postgres's
 * whole grammar but returns only text, with no parse tree to build and read back, which costs about a
 * third as much. Its error carries no position, so a batch that fails is parsed again, statement by
 * statement, for the statement, its line and the message.
 */
import { pgParser } from './pg-parser.js'
import { lineIndex } from './line-index.js'
import { parseStatement, type SqlStatement } from './statements.js'

const BATCH_CHARS = 1 << 20

/** The unparsed statements of `sql` (the analysed text the statements' offsets are in) that do not parse, as `invalid` statements. */
export function unparsedSyntaxErrors(sql: string, statements: readonly SqlStatement[]): SqlStatement[] {
  const invalid: SqlStatement[] = []
  const lines = lineIndex(sql)
  let batch: SqlStatement[] = []
  let chars = 0
  const flush = () => {
    if (batch.length > 0 && !parses(batch.map((s) => s.text).join(';\n'))) {
      for (const statement of batch) {
        const parsed = parseStatement(statement, lines)
        if (parsed.kind === 'invalid') invalid.push(parsed)
      }
    }
    batch = []
    chars = 0
  }
  for (const statement of statements) {
    if (statement.kind !== 'sql' || statement.ast) continue
    batch.push(statement)
    chars += statement.text.length
    if (chars >= BATCH_CHARS) flush()
  }
  flush()
  return invalid
}

function parses(text: string): boolean {
  try {
    pgParser().normalizeSync(text)
    return true
  } catch {
    return false
  }
}
