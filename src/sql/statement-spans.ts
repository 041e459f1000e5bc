/**
 * Where each statement of a SQL text starts and ends, found in JavaScript without the parser: a
 * scan that knows exactly what PostgreSQL's lexer knows about where a `;` does not end a statement
 * (inside '…', E'…' with backslash escapes, "…", $tag$…$tag$, -- and nested /* … *\/ comments), plus
 * psql's rule for semicolons inside parentheses (CREATE RULE … DO (a; b)) and inside the BEGIN … END
 * of a SQL-standard function body (CREATE FUNCTION … BEGIN ATOMIC a; b; END).
 *
 * On valid SQL the spans are the parser's statements; reading a 20 MB data migration this way takes
 * a fraction of what parsing it would, which is what lets electrify parse only the statements that
 * can change what it knows (statements.ts).
 */

export interface StatementSpan {
  /** UTF-16 index of the statement's first token (comments and whitespace before it skipped). */
  start: number
  /** Just after its last token (trailing comments, whitespace and the `;` excluded). */
  end: number
  /** Its leading words (unquoted identifiers or keywords, upper-cased), at most 5: `['CREATE', 'TABLE', …]`. */
  words: string[]
  /** It holds a `;` inside parentheses or a BEGIN … END body (psql keeps those in the statement). */
  innerSemicolons: boolean
  /** A quote, dollar quote or comment opened in it is never closed: it runs to the end of the text. */
  unterminated: boolean
}

const LEADING_WORDS = 5
/** Characters that can change the scan's state; everything else (words, numbers, operators) is skipped. */
const SPECIAL = /[;'"$()/-]/g
/** The same plus the first letter of a word, for function bodies where BEGIN and END matter. */
const SPECIAL_OR_WORD = /[;'"$()/\-A-Za-z_\u0080-\uffff]/g
const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y
const DOLLAR_DELIMITER = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y
/** The rest of an E'…' string: backslash escapes anything, '' is a quote. */
const EXTENDED_STRING_REST = /(?:[^'\\]+|\\[^]|'')*'/y
const COMMENT_MARK = /\/\*|\*\//g

/** `everySemicolon`: every `;` outside quotes and comments ends a statement (no psql rules). */
export function statementSpans(sql: string, options: { everySemicolon?: boolean } = {}): StatementSpan[] {
  const spans: StatementSpan[] = []
  let current: Statement | undefined
  /** Where the text not yet looked at by `note` begins. */
  let noted = 0
  let i = 0

  /** Takes [noted, to) into the current statement: it may start it, and it moves its end. */
  const note = (to: number) => {
    let first = noted
    while (first < to && isSpace(sql.charCodeAt(first))) first++
    if (first < to) {
      let last = to
      while (isSpace(sql.charCodeAt(last - 1))) last--
      if (!current) current = startStatement(sql, first)
      current.end = last
    }
    noted = to
  }
  const finish = (unterminated: boolean) => {
    if (current) spans.push({ start: current.start, end: current.end, words: current.words, innerSemicolons: current.innerSemicolons, unterminated })
    current = undefined
  }

  while (i < sql.length) {
    const pattern = current?.routine ? SPECIAL_OR_WORD : SPECIAL
    pattern.lastIndex = i
    const found = pattern.exec(sql)
    if (!found) break
    const at = found.index
    const c = sql.charCodeAt(at)
    if (c === 0x2d /* - */ || c === 0x2f /* / */) {
      const comment = c === 0x2d ? sql.charCodeAt(at + 1) === 0x2d : sql.charCodeAt(at + 1) === 0x2a
      if (!comment) {
        i = at + 1
        continue
      }
      note(at)
      const end = c === 0x2d ? lineEnd(sql, at) : blockCommentEnd(sql, at)
      if (end === -1) {
        // An unterminated /* comment: Postgres rejects the statement it is in, or the text after it.
        current ??= startStatement(sql, at)
        return unterminated(sql, spans, current)
      }
      noted = i = end
      continue
    }
    if (c === 0x3b /* ; */) {
      note(at)
      if (current && !options.everySemicolon && (current.parens > 0 || current.begins > 0)) {
        current.innerSemicolons = true
        current.end = at + 1
      } else {
        finish(false)
      }
      noted = i = at + 1
      continue
    }
    if (c === 0x28 /* ( */ || c === 0x29 /* ) */) {
      note(at + 1)
      if (c === 0x28) current!.parens++
      else if (current!.parens > 0) current!.parens--
      i = at + 1
      continue
    }
    if (c === 0x24 /* $ */) {
      // `$` inside a word (a$b) or a parameter ($1) opens nothing.
      DOLLAR_DELIMITER.lastIndex = at
      const delimiter = isWordPart(sql.charCodeAt(at - 1)) ? null : DOLLAR_DELIMITER.exec(sql)
      if (!delimiter) {
        i = at + 1
        continue
      }
      note(at + 1)
      const close = sql.indexOf(delimiter[0], at + delimiter[0].length)
      if (close === -1) return unterminated(sql, spans, current)
      noted = i = close + delimiter[0].length
      current!.end = i
      continue
    }
    if (c === 0x27 /* ' */ || c === 0x22 /* " */) {
      note(at + 1)
      const end = c === 0x22 ? quotedEnd(sql, at, '"') : isExtendedStringStart(sql, at) ? extendedStringEnd(sql, at) : quotedEnd(sql, at, "'")
      if (end === -1) return unterminated(sql, spans, current)
      noted = i = end
      current!.end = end
      continue
    }
    // A word in a routine: psql's BEGIN … END depth (CASE … END counts once inside BEGIN).
    WORD.lastIndex = at
    const word = WORD.exec(sql)![0]
    i = at + word.length
    if (isWordPart(sql.charCodeAt(at - 1)) || current!.parens > 0) continue
    const upper = word.length <= 5 ? word.toUpperCase() : ''
    if (upper === 'BEGIN') current!.begins++
    else if (upper === 'CASE' && current!.begins > 0) current!.begins++
    else if (upper === 'END' && current!.begins > 0) current!.begins--
  }
  note(sql.length)
  finish(false)
  return spans
}

interface Statement {
  start: number
  end: number
  words: string[]
  /** CREATE [OR REPLACE] FUNCTION|PROCEDURE: its words are tracked for BEGIN … END. */
  routine: boolean
  parens: number
  begins: number
  innerSemicolons: boolean
}

function startStatement(sql: string, start: number): Statement {
  const words = leadingWords(sql, start)
  const object = words[1] === 'OR' && words[2] === 'REPLACE' ? words[3] : words[1]
  const routine = words[0] === 'CREATE' && (object === 'FUNCTION' || object === 'PROCEDURE')
  return { start, end: start, words, routine, parens: 0, begins: 0, innerSemicolons: false }
}

/** Words separated by whitespace only; a quote prefix (E'…', U&"…") or anything else ends them. */
function leadingWords(sql: string, from: number): string[] {
  const words: string[] = []
  let i = from
  while (words.length < LEADING_WORDS) {
    WORD.lastIndex = i
    const match = WORD.exec(sql)
    if (!match) break
    const next = sql.charCodeAt(i + match[0].length)
    if (next === 0x27 || next === 0x22 || (next === 0x26 /* & */ && /^u$/i.test(match[0]))) break
    words.push(match[0].toUpperCase())
    i += match[0].length
    if (!isSpace(sql.charCodeAt(i))) break
    while (isSpace(sql.charCodeAt(i))) i++
  }
  return words
}

function unterminated(sql: string, spans: StatementSpan[], current: Statement | undefined): StatementSpan[] {
  let end = sql.length
  while (isSpace(sql.charCodeAt(end - 1))) end--
  spans.push({ start: current!.start, end, words: current!.words, innerSemicolons: current!.innerSemicolons, unterminated: true })
  return spans
}

/** Postgres's whitespace: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d)
}

/** A character that continues an identifier: letters, digits, `_`, `$`, anything beyond ASCII. */
function isWordPart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c >= 0x80
}

/** E'…' (or e'…'): the E starts a token, it does not end a word such as `name'…'`. */
function isExtendedStringStart(sql: string, quote: number): boolean {
  const e = sql.charCodeAt(quote - 1)
  return (e === 0x45 || e === 0x65) && !isWordPart(sql.charCodeAt(quote - 2))
}

/** Just after the closing quote of '…' or "…" (a doubled quote is part of the text); -1 if none. */
function quotedEnd(sql: string, open: number, quote: string): number {
  let i = open + 1
  for (;;) {
    const close = sql.indexOf(quote, i)
    if (close === -1) return -1
    if (sql[close + 1] !== quote) return close + 1
    i = close + 2
  }
}

function extendedStringEnd(sql: string, open: number): number {
  EXTENDED_STRING_REST.lastIndex = open + 1
  return EXTENDED_STRING_REST.exec(sql) ? EXTENDED_STRING_REST.lastIndex : -1
}

/** A -- comment ends at the end of its line (\n or \r). */
function lineEnd(sql: string, from: number): number {
  for (let i = from; i < sql.length; i++) {
    const c = sql.charCodeAt(i)
    if (c === 0x0a || c === 0x0d) return i + 1
  }
  return sql.length
}

/** Just after the `*\/` that closes the comment opened at `from` (they nest); -1 if none. */
function blockCommentEnd(sql: string, from: number): number {
  let depth = 0
  COMMENT_MARK.lastIndex = from
  for (let mark = COMMENT_MARK.exec(sql); mark; mark = COMMENT_MARK.exec(sql)) {
    depth += mark[0] === '/*' ? 1 : -1
    if (depth === 0) return COMMENT_MARK.lastIndex
  }
  return -1
}
