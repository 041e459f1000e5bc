/**
 * Splits a migration into statements and parses those that can change what electrify knows about
 * tables, with the real PostgreSQL parser (libpg-query, WebAssembly).
 *
 * The statements are found in JavaScript (statement-spans.ts), the way Postgres's lexer and psql
 * find them. Then only a statement that can create, drop, rename, alter or electrify a table, or
 * create or change an enum, is parsed (see `mayChangeTables`), and any that holds the word ELECTRIC;
 * the rest — data (INSERT, UPDATE, COPY),
 * function and trigger bodies, views, indexes, grants — is kept as text and never parsed, which is
 * what keeps a 20 MB data migration as fast as reading it. A statement that fails to parse at the
 * word ELECTRIC is DDLX; any other failure is an invalid statement, reported but never fatal.
 */
import type { Node } from 'libpg-query'
import { pgParser } from './pg-parser.js'
import { recognizeDdlx, type Ddlx } from './ddlx.js'
import { lineIndex, type LineIndex } from './line-index.js'
import { scanStatements, statementSpans, type StatementSpan } from './statement-spans.js'

export interface SqlStatement {
  /** The statement without its terminating `;` and surrounding comments. */
  text: string
  /** UTF-16 offsets into the analysed text: `text === sql.slice(start, end)`. */
  start: number
  end: number
  /** 1-based line of the statement's first token. */
  line: number
  /** `sql` also for the statements that are not parsed (they have no `ast`). */
  kind: 'sql' | 'ddlx' | 'invalid'
  /** Parse tree of a parsed `sql` statement, e.g. `{ CreateStmt: … }`. */
  ast?: Node
  ddlx?: Ddlx
  /**
   * Why an `invalid` statement was rejected, and the line Postgres pointed at. `unterminated`: a quote,
   * dollar quote or comment opened in it is never closed, so it runs to the end of the text, and
   * reading stopped there (every statement before it is read).
   */
  error?: { message: string; line: number; unterminated?: true }
}

export { loadSqlParser } from './pg-parser.js'

type Position = Pick<SqlStatement, 'text' | 'start' | 'end' | 'line'>

export function splitStatements(sql: string): SqlStatement[] {
  const lines = lineIndex(sql)
  const statements: SqlStatement[] = []
  /** The statements to parse: their spans, and their places in `statements`. */
  const toParse: StatementSpan[] = []
  const places: number[] = []
  const electric = electricWords(sql)
  scanStatements(sql, (span) => {
    if (span.unterminated || mayChangeTables(span.words) || electric.within(span.start, span.end)) {
      toParse.push({ ...span })
      places.push(statements.length)
    }
    statements.push({ text: sql.slice(span.start, span.end), start: span.start, end: span.end, line: lines.lineAt(span.start), kind: 'sql' })
  })
  const trees = parseTogether(sql, toParse)
  /** Statements that stand for more than one after all: an unclosed parenthesis in a rule or function. */
  const resplit = new Map<number, SqlStatement[]>()
  toParse.forEach((span, i) => {
    const place = places[i]
    const tree = trees?.[i]
    if (tree) {
      statements[place].ast = tree
      return
    }
    const statement = parseStatement(statements[place], lines)
    if (statement.kind === 'invalid' && span.unterminated) {
      // PostgreSQL's message quotes everything after the opening quote ("… at or near "'it''s); …"): the whole rest of the file.
      statement.error = { ...statement.error!, message: statement.error!.message.replace(/ at or near [^]*$/, ''), unterminated: true }
    }
    if (statement.kind === 'invalid' && span.innerSemicolons) resplit.set(place, splitAtEverySemicolon(sql, lines, span))
    else statements[place] = statement
  })
  return resplit.size === 0 ? statements : statements.flatMap((statement, place) => resplit.get(place) ?? [statement])
}

/**
 * The trees of all these statements from one call of the parser (each call has a cost of its own);
 * undefined when one of them does not parse (DDLX, an error): they are then parsed one by one.
 */
function parseTogether(sql: string, spans: readonly StatementSpan[]): Node[] | undefined {
  if (spans.length === 0) return []
  try {
    const stmts = pgParser().parseSync(spans.map((span) => sql.slice(span.start, span.end)).join(';\n')).stmts ?? []
    return stmts.length === spans.length && stmts.every((s) => s.stmt) ? stmts.map((s) => s.stmt!) : undefined
  } catch {
    return undefined
  }
}

/**
 * Where the word ELECTRIC occurs (in any case, quoted or not): a statement that holds it is parsed
 * whatever its first word, because DDLX that follows a statement without its `;` is read together
 * with it (`INSERT … VALUES (…)\nALTER TABLE "T" ENABLE ELECTRIC;`), and only the parser's failure
 * at ELECTRIC tells that DDLX is there, as it does for Electric's proxy. One regular expression over
 * the text; `within` is asked for spans in order, so it only moves forward.
 */
function electricWords(sql: string): { within(start: number, end: number): boolean } {
  const at: number[] = []
  const word = /(?<![\w$\u0080-\uffff])electric(?![\w$\u0080-\uffff])/gi
  for (let m = word.exec(sql); m; m = word.exec(sql)) at.push(m.index)
  let next = 0
  return {
    within(start, end) {
      while (next < at.length && at[next]! < start) next++
      return next < at.length && at[next]! < end
    },
  }
}

/** Statements that can change no table, whatever follows their first word. */
const PASSIVE = new Set(
  [
    'INSERT UPDATE DELETE MERGE COPY SELECT VALUES TABLE WITH DO COMMENT GRANT REVOKE SECURITY SET RESET SHOW',
    'BEGIN START COMMIT END ROLLBACK ABORT SAVEPOINT RELEASE PREPARE EXECUTE DEALLOCATE DECLARE FETCH MOVE CLOSE',
    'TRUNCATE ANALYZE ANALYSE VACUUM REINDEX CLUSTER REFRESH LOCK NOTIFY LISTEN UNLISTEN DISCARD CHECKPOINT LOAD EXPLAIN IMPORT',
  ]
    .join(' ')
    .split(' '),
)
/** CREATE [OR REPLACE] [TEMP …] <one of these>: objects that are not tables or types. */
const PASSIVE_CREATE = new Set(['FUNCTION', 'PROCEDURE', 'VIEW', 'MATERIALIZED', 'RECURSIVE', 'INDEX', 'UNIQUE', 'TRIGGER', 'CONSTRAINT', 'RULE', 'POLICY', 'EXTENSION', 'SEQUENCE', 'AGGREGATE'])
const PERSISTENCE = new Set(['GLOBAL', 'LOCAL', 'TEMP', 'TEMPORARY', 'UNLOGGED'])

/**
 * Whether a statement, by its leading words, can create, drop, rename, alter or electrify a table, or
 * create or change a type: every ALTER, DROP, CALL and DDLX, CREATE but for the objects above, and
 * anything unknown (a typo too, so that it is reported).
 */
export function mayChangeTables(words: readonly string[]): boolean {
  const first = words[0]
  if (first !== 'CREATE') return first === undefined || !PASSIVE.has(first)
  let i = words[1] === 'OR' && words[2] === 'REPLACE' ? 3 : 1
  while (PERSISTENCE.has(words[i])) i++
  return !PASSIVE_CREATE.has(words[i])
}

function positionOf(sql: string, lines: LineIndex, span: { start: number; end: number }): Position {
  return { text: sql.slice(span.start, span.end), start: span.start, end: span.end, line: lines.lineAt(span.start) }
}

/** One statement through the parser: `sql` with its tree, `ddlx`, or `invalid` with the message and line. */
export function parseStatement(position: Position, lines: LineIndex): SqlStatement {
  let ast: Node | undefined
  try {
    ast = pgParser().parseSync(position.text).stmts?.[0]?.stmt
  } catch (error) {
    return failedStatement(position, lines, error)
  }
  return { ...position, kind: 'sql', ast }
}

function failedStatement(position: Position, lines: LineIndex, error: unknown): SqlStatement {
  const cursor = cursorOf(error, position.text)
  if (cursor !== undefined && /^electric\b/i.test(position.text.slice(cursor))) {
    const ddlx = recognizeDdlx(wordTokens(position.text))
    if (ddlx) return { ...position, kind: 'ddlx', ddlx }
  }
  const errorAt = cursor === undefined ? position.start : position.start + cursor
  return { ...position, kind: 'invalid', error: { message: messageOf(error), line: lines.lineAt(errorAt) } }
}

/** The scanner's tokens of one (short) statement, comments left out. */
function wordTokens(text: string): { text: string; isWord: boolean }[] {
  return pgParser().scanSync(text)
    .tokens.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT' && t.tokenName !== 'ASCII_59')
    .map((t) => ({ text: t.text, isWord: t.tokenName === 'IDENT' || t.keywordName !== 'NO_KEYWORD' }))
}

/**
 * A statement that kept `;` inside parentheses or BEGIN … END and still fails to parse: most likely an
 * unclosed parenthesis, so each `;` ends a statement again and the statements after it are read.
 */
function splitAtEverySemicolon(sql: string, lines: LineIndex, span: StatementSpan): SqlStatement[] {
  const text = sql.slice(span.start, span.end)
  return statementSpans(text, { everySemicolon: true }).map((piece) => {
    const position = positionOf(sql, lines, { start: span.start + piece.start, end: span.start + piece.end })
    return piece.unterminated || mayChangeTables(piece.words) ? parseStatement(position, lines) : { ...position, kind: 'sql' as const }
  })
}

/** libpg-query's cursor counts code points from 0; JavaScript indexes UTF-16 units (an emoji is two). */
function cursorOf(error: unknown, text: string): number | undefined {
  const position = (error as { sqlDetails?: { cursorPosition?: number } })?.sqlDetails?.cursorPosition
  if (typeof position !== 'number' || position < 0) return undefined
  let index = 0
  for (let codePoints = 0; codePoints < position && index < text.length; codePoints++) index += text.codePointAt(index)! > 0xffff ? 2 : 1
  return index
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
