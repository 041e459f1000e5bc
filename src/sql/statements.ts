/**
 * Splits a migration into statements with the real PostgreSQL parser (libpg-query, WebAssembly).
 *
 * The fast path parses the whole file at once; that covers almost every Prisma migration. When the
 * file does not parse (it holds DDLX, or a statement Postgres rejects), the file is cut at the
 * top-level `;` tokens of the real scanner, so `$$ … $$` bodies, strings and comments with `;` inside
 * stay whole, and each piece is parsed on its own: a piece that fails at the word ELECTRIC is DDLX,
 * any other failure is an invalid statement, reported but never fatal.
 */
import { loadModule, parseSync, scanSync, type Node, type ScanToken } from 'libpg-query'
import { recognizeDdlx, type Ddlx } from './ddlx.js'
import { sourceText, type SourceText } from './source-text.js'

export interface SqlStatement {
  /** The statement without its terminating `;` and surrounding comments. */
  text: string
  /** UTF-16 offsets into the analysed text: `text === sql.slice(start, end)`. */
  start: number
  end: number
  /** 1-based line of the statement's first token. */
  line: number
  kind: 'sql' | 'ddlx' | 'invalid'
  /** Parse tree of a `sql` statement, e.g. `{ CreateStmt: … }`. */
  ast?: Node
  ddlx?: Ddlx
  /** Why an `invalid` statement was rejected, and the line Postgres pointed at. */
  error?: { message: string; line: number }
}

let loading: Promise<void> | undefined

/** Loads the WebAssembly parser; call (and await) once before `splitStatements`. */
export function loadSqlParser(): Promise<void> {
  return (loading ??= loadModule())
}

export function splitStatements(sql: string): SqlStatement[] {
  if (sql.trim() === '') return [] // libpg-query rejects an empty query; an empty file has no statements
  const source = sourceText(sql)
  // Parsing first and scanning only when needed halves the time on real histories: the scanner
  // costs more than the parse, and nearly every migration parses whole.
  const whole = tryParse(sql)
  if (whole.ok) return statementsOfParse(source, whole.stmts)
  let tokens: ScanToken[]
  try {
    tokens = scanSync(sql).tokens
  } catch (error) {
    // The scanner gives up on an unterminated string or comment; so does Postgres on the whole file.
    return [unscannable(source, error)]
  }
  return splitAtSemicolons(tokens).map((piece) => statementOfPiece(source, piece))
}

type RawStatement = { stmt?: Node; stmt_location?: number; stmt_len?: number }
type Parsed = { ok: true; stmts: RawStatement[] } | { ok: false; error: unknown }

function tryParse(sql: string): Parsed {
  try {
    return { ok: true, stmts: parseSync(sql).stmts ?? [] }
  } catch (error) {
    return { ok: false, error }
  }
}

const SEMICOLON = 'ASCII_59'

function isComment(token: ScanToken): boolean {
  return token.tokenName === 'SQL_COMMENT' || token.tokenName === 'C_COMMENT'
}

/**
 * A statement's span from the parse: it starts after the previous `;`, so leading whitespace and
 * comments (Prisma's `-- CreateTable`) are skipped here; only a statement that still holds a comment
 * marker is scanned, to drop a trailing comment without mistaking `--` inside a string for one.
 */
function statementsOfParse(source: SourceText, stmts: RawStatement[]): SqlStatement[] {
  const statements: SqlStatement[] = []
  for (const raw of stmts) {
    if (!raw.stmt) continue
    const from = source.charAt(raw.stmt_location ?? 0)
    const to = raw.stmt_len ? source.charAt((raw.stmt_location ?? 0) + raw.stmt_len) : source.text.length
    const start = skipLeadingTrivia(source.text, from, to)
    let end = start + source.text.slice(start, to).trimEnd().length
    const text = source.text.slice(start, end)
    if (text.includes('--') || text.includes('/*')) {
      const piece = sourceText(text)
      const own = scanSync(text).tokens.filter((t) => !isComment(t) && t.tokenName !== SEMICOLON)
      end = start + piece.charAt(own[own.length - 1].end)
    }
    statements.push({ text: source.text.slice(start, end), start, end, line: source.lineAt(start), kind: 'sql', ast: raw.stmt })
  }
  return statements
}

function skipLeadingTrivia(text: string, from: number, to: number): number {
  let i = from
  while (i < to) {
    if (/\s/.test(text[i])) i++
    else if (text.startsWith('--', i)) i = lineEnd(text, i)
    else if (text.startsWith('/*', i)) i = blockCommentEnd(text, i)
    else break
  }
  return i
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from)
  return newline === -1 ? text.length : newline + 1
}

/** Postgres block comments nest. */
function blockCommentEnd(text: string, from: number): number {
  let depth = 0
  for (let i = from; i < text.length; i++) {
    if (text.startsWith('/*', i)) {
      depth++
      i++
    } else if (text.startsWith('*/', i)) {
      depth--
      i++
      if (depth === 0) return i + 1
    }
  }
  return text.length
}

function splitAtSemicolons(tokens: ScanToken[]): ScanToken[][] {
  const pieces: ScanToken[][] = []
  let current: ScanToken[] = []
  for (const token of tokens) {
    if (token.tokenName === SEMICOLON) {
      if (current.length > 0) pieces.push(current)
      current = []
    } else if (!isComment(token)) {
      current.push(token)
    }
  }
  if (current.length > 0) pieces.push(current)
  return pieces
}

function statementOfPiece(source: SourceText, tokens: ScanToken[]): SqlStatement {
  const position = span(source, tokens)
  const parsed = tryParse(position.text)
  if (parsed.ok) return { ...position, kind: 'sql', ast: parsed.stmts[0]?.stmt }
  const cursor = cursorOf(parsed.error, position.text)
  if (cursor !== undefined && /^electric\b/i.test(position.text.slice(cursor))) {
    const ddlx = recognizeDdlx(tokens.map((t) => ({ text: t.text, isWord: t.tokenName === 'IDENT' || t.keywordName !== 'NO_KEYWORD' })))
    if (ddlx) return { ...position, kind: 'ddlx', ddlx }
  }
  const errorAt = cursor === undefined ? position.start : position.start + cursor
  return { ...position, kind: 'invalid', error: { message: messageOf(parsed.error), line: source.lineAt(errorAt) } }
}

function span(source: SourceText, tokens: ScanToken[]): Pick<SqlStatement, 'text' | 'start' | 'end' | 'line'> {
  const start = source.charAt(tokens[0].start)
  const end = source.charAt(tokens[tokens.length - 1].end)
  return { text: source.text.slice(start, end), start, end, line: source.lineAt(start) }
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

function unscannable(source: SourceText, error: unknown): SqlStatement {
  const parsed = tryParse(source.text)
  const reason = parsed.ok ? messageOf(error) : messageOf(parsed.error)
  const cursor = parsed.ok ? undefined : cursorOf(parsed.error, source.text)
  const start = source.text.length - source.text.trimStart().length
  return {
    text: source.text.slice(start).trimEnd(),
    start,
    end: source.text.trimEnd().length,
    line: source.lineAt(start),
    kind: 'invalid',
    error: { message: reason, line: source.lineAt(cursor ?? start) },
  }
}
