/**
 * Where each statement of a SQL text starts and ends, found in JavaScript without the parser: a
 * scan that knows exactly what PostgreSQL's lexer knows about where a `;` does not end a statement
 * (inside '…', E'…' with backslash escapes, "…", $tag$…$tag$, -- and nested /* … *\/ comments), plus
 * psql's rules for the two statements that hold semicolons: CREATE RULE … DO (a; b), and
 * CREATE FUNCTION|PROCEDURE … BEGIN ATOMIC a; b; END.
 *
 * On valid SQL the spans are the parser's statements (test/sql/statement-spans.test.ts holds them to
 * that, on the whole corpus too). Finding them this way costs a fraction of parsing, which is what
 * lets electrify parse only the statements that can change what it knows (statements.ts). Most of
 * the text is skipped by one regular expression, so that even before the JIT warms up (a one-shot
 * `check`) a statement costs a few steps of JavaScript, not one per token.
 */

export interface StatementSpan {
  /** UTF-16 index of the statement's first token (comments and whitespace before it skipped). */
  start: number
  /** Just after its last token (trailing comments, whitespace and the `;` excluded). */
  end: number
  /**
   * Its leading words (unquoted identifiers or keywords, upper-cased), as many as it takes to tell
   * what it is: the first, or up to 5 after CREATE (`['CREATE', 'OR', 'REPLACE', 'TEMP', 'VIEW']`).
   */
  words: readonly string[]
  /** It holds a `;` inside the parentheses of a rule or the BEGIN … END of a function body. */
  innerSemicolons: boolean
  /** A quote, dollar quote or comment opened in it is never closed: it runs to the end of the text. */
  unterminated: boolean
}

const LEADING_WORDS = 5
/** A character that continues an identifier: letters, digits, `_`, `$`, anything beyond ASCII. */
const WORD_PART = String.raw`\w$\u0080-\uffff`
/** An E'…' string: the E starts a token (it does not end a word such as `name'…'`). */
const E_PREFIX = String.raw`(?:^|[^${WORD_PART}])[eE]`
/**
 * Whatever cannot end a statement nor open a comment or a dollar quote: runs of other characters,
 * complete quoted identifiers and strings, a lone `-` or `/`. Bounded, to bound the regular
 * expression's backtracking stack on a huge statement. Written so that it never backtracks much:
 * each string is `'[^']*(?:''[^']*)*'`, not a nested repetition.
 */
const SKIP = new RegExp(
  String.raw`(?:[^;'"$/\-]+|"[^"]*(?:""[^"]*)*"|(?<!${E_PREFIX})'[^']*(?:''[^']*)*'|(?<=${E_PREFIX})'[^'\\]*(?:(?:\\[^]|'')[^'\\]*)*'|-(?!-)|/(?!\*)){0,4096}`,
  'y',
)
/** The same characters one at a time, plus words and parentheses: for rules and function bodies. */
const TOKEN_START = /[;'"$()/\-A-Za-z_\u0080-\uffff]/g
const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y
const DOLLAR_DELIMITER = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y
const EXTENDED_STRING_REST = /[^'\\]*(?:(?:\\[^]|'')[^'\\]*)*'/y
const COMMENT_MARK = /\/\*|\*\//g

/** `everySemicolon`: every `;` outside quotes and comments ends a statement (no psql rules). */
export function statementSpans(sql: string, options: ScanOptions = {}): StatementSpan[] {
  const spans: StatementSpan[] = []
  scanStatements(sql, (span) => spans.push({ ...span }), options)
  return spans
}

export interface ScanOptions {
  everySemicolon?: boolean
}

/**
 * Calls `visit` with each statement as it is found, in order, with one span object that it then
 * reuses (copy what you keep): a data migration has 100,000 statements, and each object that lives
 * on costs the garbage collector.
 */
export function scanStatements(sql: string, visit: (span: Readonly<StatementSpan>) => void, options: ScanOptions = {}): void {
  const span: StatementSpan = { start: 0, end: 0, words: [], innerSemicolons: false, unterminated: false }
  for (let i = 0; ; ) {
    const start = skipTrivia(sql, i)
    if (start === sql.length) return
    if (sql.charCodeAt(start) === 0x3b /* an empty statement */) {
      i = start + 1
      continue
    }
    span.start = start < 0 ? ~start : start
    span.words = start < 0 ? [] : leadingWords(sql, start)
    span.innerSemicolons = false
    if (start < 0) span.end = -1
    else i = !options.everySemicolon && holdsSemicolons(span.words) ? nestedBody(sql, span) : plainBody(sql, span)
    span.unterminated = span.end === -1
    if (span.unterminated) span.end = trimmedEnd(sql)
    visit(span)
    if (span.unterminated) return
  }
}

/** Just after the whitespace and comments from `from`; `~at` for a block comment opened at `at` and never closed. */
function skipTrivia(sql: string, from: number): number {
  let i = from
  for (;;) {
    while (isSpace(sql.charCodeAt(i))) i++
    if (sql.startsWith('--', i)) i = lineEnd(sql, i)
    else if (sql.startsWith('/*', i)) {
      const end = blockCommentEnd(sql, i)
      if (end === -1) return ~i
      i = end
    } else return Math.min(i, sql.length)
  }
}

/**
 * A statement that cannot hold a `;`: runs to the first `;` outside quotes and comments. Sets
 * `span.end` (-1: unterminated) and returns where the next statement may start.
 */
function plainBody(sql: string, span: StatementSpan): number {
  let end = span.start
  let segment = span.start
  let i = span.start
  for (;;) {
    SKIP.lastIndex = i
    SKIP.test(sql)
    const at = SKIP.lastIndex
    const c = sql.charCodeAt(at)
    if (at >= sql.length || c === 0x3b /* ; */) {
      span.end = lastTokenEnd(sql, segment, at, end)
      return at + 1
    }
    if (c === 0x2d /* -- */ || c === 0x2f /* /* */) {
      end = lastTokenEnd(sql, segment, at, end)
      i = segment = c === 0x2d ? lineEnd(sql, at) : blockCommentEnd(sql, at)
    } else if (c === 0x24 /* $ */ || c === 0x27 /* ' */ || c === 0x22 /* " */) {
      i = quoteEnd(sql, at)
    } else {
      i = at // SKIP stopped at its bound
    }
    if (i === -1) {
      span.end = -1
      return sql.length
    }
  }
}

/**
 * CREATE RULE … DO (a; b) and CREATE FUNCTION|PROCEDURE … BEGIN ATOMIC a; b; END: token by token, as
 * psql does, a `;` inside parentheses or inside BEGIN … END (outside parentheses; CASE … END counted
 * within) does not end the statement.
 */
function nestedBody(sql: string, span: StatementSpan): number {
  let end = span.start
  let segment = span.start
  let parens = 0
  let begins = 0
  let i = span.start
  for (;;) {
    TOKEN_START.lastIndex = i
    const at = TOKEN_START.test(sql) ? TOKEN_START.lastIndex - 1 : sql.length
    const c = sql.charCodeAt(at)
    if (at >= sql.length || c === 0x3b /* ; */) {
      end = lastTokenEnd(sql, segment, at, end)
      if (at >= sql.length || (parens === 0 && begins === 0)) {
        span.end = end
        return at + 1
      }
      span.innerSemicolons = true
      end = i = segment = at + 1
    } else if ((c === 0x2d && sql.charCodeAt(at + 1) === 0x2d) || (c === 0x2f && sql.charCodeAt(at + 1) === 0x2a)) {
      end = lastTokenEnd(sql, segment, at, end)
      i = segment = c === 0x2d ? lineEnd(sql, at) : blockCommentEnd(sql, at)
    } else if (c === 0x24 || c === 0x27 || c === 0x22) {
      i = quoteEnd(sql, at)
    } else if (c === 0x28 /* ( */) {
      parens++
      i = at + 1
    } else if (c === 0x29 /* ) */) {
      if (parens > 0) parens--
      i = at + 1
    } else if (c === 0x2d || c === 0x2f) {
      i = at + 1
    } else {
      WORD.lastIndex = at
      WORD.test(sql)
      i = WORD.lastIndex
      if (isWordPart(sql.charCodeAt(at - 1)) || parens > 0 || i - at > 5) continue
      const upper = sql.slice(at, i).toUpperCase()
      if (upper === 'BEGIN') begins++
      else if (upper === 'CASE' && begins > 0) begins++
      else if (upper === 'END' && begins > 0) begins--
    }
    if (i === -1) {
      span.end = -1
      return sql.length
    }
  }
}

/** CREATE [OR REPLACE] FUNCTION|PROCEDURE|RULE: psql keeps semicolons inside these. */
function holdsSemicolons(words: readonly string[]): boolean {
  const object = words[1] === 'OR' && words[2] === 'REPLACE' ? words[3] : words[1]
  return words[0] === 'CREATE' && (object === 'FUNCTION' || object === 'PROCEDURE' || object === 'RULE')
}

/**
 * Just after a quoted identifier, string or dollar-quoted string that starts at `at` (-1: never
 * closed); `at + 1` when the `$` there opens nothing (a parameter `$1`, or inside a word `a$b`).
 */
function quoteEnd(sql: string, at: number): number {
  const c = sql.charCodeAt(at)
  if (c === 0x22) return quotedEnd(sql, at, '"')
  if (c === 0x27) {
    const e = sql.charCodeAt(at - 1)
    if ((e === 0x45 || e === 0x65) && !isWordPart(sql.charCodeAt(at - 2))) {
      EXTENDED_STRING_REST.lastIndex = at + 1
      return EXTENDED_STRING_REST.exec(sql) ? EXTENDED_STRING_REST.lastIndex : -1
    }
    return quotedEnd(sql, at, "'")
  }
  DOLLAR_DELIMITER.lastIndex = at
  const delimiter = isWordPart(sql.charCodeAt(at - 1)) ? null : DOLLAR_DELIMITER.exec(sql)
  if (!delimiter) return at + 1
  const close = sql.indexOf(delimiter[0], at + delimiter[0].length)
  return close === -1 ? -1 : close + delimiter[0].length
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

/** Just after the last non-space character of [from, to), or `previous` when there is none. */
function lastTokenEnd(sql: string, from: number, to: number, previous: number): number {
  let i = to
  while (i > from && isSpace(sql.charCodeAt(i - 1))) i--
  return i > from ? i : previous
}

function trimmedEnd(sql: string): number {
  let end = sql.length
  while (end > 0 && isSpace(sql.charCodeAt(end - 1))) end--
  return end
}

/** Words separated by whitespace only; a quote prefix (E'…', U&"…") or anything else ends them. */
function leadingWords(sql: string, from: number): readonly string[] {
  const words: string[] = []
  let i = from
  while (words.length < (words[0] === 'CREATE' ? LEADING_WORDS : 1)) {
    if (!isWordStart(sql.charCodeAt(i))) break
    let end = i + 1
    while (isWordPart(sql.charCodeAt(end))) end++
    const next = sql.charCodeAt(end)
    if (next === 0x27 || next === 0x22 || (next === 0x26 /* & */ && end === i + 1 && (sql[i] === 'u' || sql[i] === 'U'))) break
    const word = sql.slice(i, end)
    if (words.length === 0) {
      const known = ONE_WORD.get(word)
      if (known) return known
    }
    words.push(word.toUpperCase())
    i = end
    if (!isSpace(sql.charCodeAt(i))) break
    while (isSpace(sql.charCodeAt(i))) i++
  }
  if (words.length === 1 && words[0] !== 'CREATE' && ONE_WORD.size < 256) ONE_WORD.set(sql.slice(from, from + words[0].length), Object.freeze(words))
  return words
}

/** Statements told by their first word alone (INSERT, …): one array for all, keyed by the word as written. */
const ONE_WORD = new Map<string, readonly string[]>()

/** Postgres's whitespace: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d)
}

function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80
}

function isWordPart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c >= 0x80
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
