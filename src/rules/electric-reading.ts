/**
 * How Electric 0.12.1's migrations proxy finds DDLX in the SQL Prisma sends it (pure), written from
 * `lib/electric/postgres/proxy/parser.ex` (`smuggle_electric_syntax`, `find_semicolon`) and
 * `lib/electric/postgres/name_parser.ex`. Prisma sends a whole migration as one message; the proxy
 * parses it with PostgreSQL's parser and, when that fails at the word ELECTRIC, cuts the DDLX out
 * between the nearest `;` on either side and reads the cut with its DDLX grammar (electric-ddlx.ts).
 *
 * Two quirks make the proxy misread SQL that PostgreSQL reads fine:
 * - the cutter knows '…' and "…" quoting only, not comments or `$$` bodies: a `;` in a comment ends
 *   the cut there, and a lone quote in a comment makes it run on as if in a string;
 * - the parser's error position counts characters, and the proxy reads it as a byte offset: with a
 *   non-ASCII character earlier in the message it looks for ELECTRIC at the wrong place, misses it,
 *   and answers PostgreSQL's own `syntax error at or near "ELECTRIC"`.
 */

/** The DDLX text the proxy cut out around an ELECTRIC keyword, or why it could not. */
export type ElectricCut =
  /** `start` just after the `;` before (or 0), `end` at the `;` after (or the end); `text` trimmed, as the grammar gets it */
  | { start: number; end: number; text: string }
  /** A quote opened on that side of the keyword is never closed: the cutter crashes at the end of the message. */
  | { unbalanced: 'before' | 'after' }

export function electricCut(sql: string, keyword: number): ElectricCut {
  const before = findSemicolon(sql, keyword, -1)
  if (before === undefined) return { unbalanced: 'before' }
  const after = findSemicolon(sql, keyword, 1)
  if (after === undefined) return { unbalanced: 'after' }
  const start = before === -1 ? 0 : before + 1
  const end = after
  return { start, end, text: elixirTrim(sql.slice(start, end)).replace(/;+$/, '') }
}

/**
 * Whether the proxy finds the ELECTRIC at `keyword`: it takes the parser's position (code points
 * before it) as a byte offset into the UTF-8 message and compares the 8 bytes there.
 */
export function electricFindsKeyword(sql: string, keyword: number): boolean {
  const prefix = sql.slice(0, keyword)
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(prefix)) return true
  const codePoints = [...prefix].length
  const bytes = Buffer.from(sql.slice(0, keyword + 8), 'utf8')
  return /^electric$/i.test(bytes.toString('latin1', codePoints, codePoints + 8))
}

/**
 * Where the first character is that hides DDLX appended to `sql` from the proxy (any non-ASCII one:
 * see `electricFindsKeyword`), or undefined. A leading BOM does not count; it is no SQL.
 */
export function hidesAppendedDdlx(sql: string): number | undefined {
  const text = sql.startsWith('\uFEFF') ? sql.slice(1) : sql
  const at = text.search(/[^\x00-\x7f]/) // eslint-disable-line no-control-regex
  return at === -1 ? undefined : at
}

/**
 * `find_semicolon/3`: from `keyword` towards the start (-1) or the end (1), the offset of the first `;`
 * outside '…' and "…" (-1 or `sql.length` when there is none), or undefined when a quote is still open
 * at the end: the function has no clause for that, and the proxy crashes. Its clauses, in their order,
 * track the two kinds of quote independently, and read `''` / `""` inside a quote as one character.
 */
function findSemicolon(sql: string, keyword: number, direction: 1 | -1): number | undefined {
  let single = false
  let double = false
  const limit = direction === 1 ? sql.length : -1
  for (let i = direction === 1 ? keyword : keyword - 1; i !== limit; i += direction) {
    const c = sql[i]
    const paired = i + direction !== limit && sql[i + direction] === c
    if (c === ';' && !single && !double) return i
    if (c === '"') {
      if (!double) double = true
      else if (paired) i += direction
      else double = false
    } else if (c === "'") {
      if (!single) single = true
      else if (paired) i += direction
      else single = false
    }
  }
  return single || double ? undefined : limit
}

/** Elixir's `String.trim/1`: Unicode White_Space at both ends (not the BOM, unlike JavaScript's `trim`). */
export function elixirTrim(text: string): string {
  return text.replace(/^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '')
}

/**
 * Whether `Electric.Postgres.NameParser.parse/1` reads `text` as `[identifier "."] identifier`, all of
 * it: a quoted identifier ("" for "), or any first character followed by characters up to whitespace,
 * `.`, `"` or `'`.
 */
export function electricReadsName(text: string): boolean {
  const first = identifierEnd(text, 0)
  if (first === undefined) return false
  if (first === text.length) return true
  if (text[first] !== '.') return false
  return identifierEnd(text, first + 1) === text.length
}

function identifierEnd(text: string, at: number): number | undefined {
  if (at >= text.length) return undefined
  if (text[at] === '"') {
    for (let i = at + 1; i < text.length; i++) {
      if (text.startsWith('""', i)) i++
      else if (text[i] === '"') return i + 1
    }
    // an unterminated quoted name falls back to an unquoted one that starts with the quote
  }
  let end = at + (text.codePointAt(at)! > 0xffff ? 2 : 1)
  while (end < text.length && !/[ \r\n\t."']/.test(text[end]!)) end++
  return end
}
