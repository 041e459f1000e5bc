/**
 * Where the comments of SQL text are, by PostgreSQL's lexical rules, and where its code ends (pure, no
 * parser): `--` runs to the end of the line, `/* … *\/` nests; strings ('…', E'…' with backslash
 * escapes), quoted identifiers and `$tag$ … $tag$` bodies are stepped over, so that comment marks inside
 * them are not taken for comments.
 *
 * Electric's proxy does not know comments (electric-reading.ts): electrify needs to know where they are
 * to say why Electric misreads DDLX next to one, and to end a migration's last statement before it
 * appends DDLX (src/inject).
 */
export interface SqlComment {
  /** UTF-16 offsets: `--` up to (not including) the line end; `/*` to just after its `*\/`. */
  start: number
  end: number
  kind: 'line' | 'block'
}

export interface SqlTextScan {
  comments: SqlComment[]
  /** Just after the last character of code (not whitespace, not a comment); `from` when there is none. */
  codeEnd: number
  /** A string, quoted identifier, dollar body or block comment is still open at `to`. */
  unterminated: boolean
}

const MARK = /--|\/\*|['"$]/g
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y
const IDENTIFIER_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/

/** Scans `text` from `from` (which must not be inside a string or comment) to `to`. */
export function scanSqlText(text: string, from = 0, to = text.length): SqlTextScan {
  const comments: SqlComment[] = []
  let codeEnd = from
  const code = (start: number, end: number) => {
    while (end > start && /\s/.test(text[end - 1]!)) end--
    if (end > start) codeEnd = end
  }
  let i = from
  while (i < to) {
    MARK.lastIndex = i
    const found = MARK.exec(text)
    const at = found && found.index < to ? found.index : to
    code(i, at)
    if (at === to) break
    const mark = found![0]
    if (mark === '--') {
      const newline = text.slice(at, to).search(/[\r\n]/)
      const end = newline === -1 ? to : at + newline
      comments.push({ start: at, end, kind: 'line' })
      i = end
      continue
    }
    let end: number
    if (mark === '/*') {
      end = blockCommentEnd(text, at, to)
      comments.push({ start: at, end: end === -1 ? to : end, kind: 'block' })
    } else if (mark === '$') {
      DOLLAR_TAG.lastIndex = at
      const tag = at > from && IDENTIFIER_CHAR.test(text[at - 1]!) ? null : DOLLAR_TAG.exec(text)
      if (!tag) {
        // part of a name (a$b) or a parameter ($1): code
        i = at + 1
        continue
      }
      const close = text.indexOf(tag[0], at + tag[0].length)
      end = close === -1 || close + tag[0].length > to ? -1 : close + tag[0].length
      code(at, end === -1 ? to : end)
    } else {
      const extended = mark === "'" && /[eE]/.test(text[at - 1] ?? '') && !(at - 1 > from && IDENTIFIER_CHAR.test(text[at - 2]!))
      end = quotedEnd(text, at, to, mark, extended)
      code(at, end === -1 ? to : end)
    }
    if (end === -1) return { comments, codeEnd, unterminated: true }
    i = end
  }
  return { comments, codeEnd, unterminated: false }
}

/** The comment that holds offset `at`, if any. */
export function commentAt(comments: readonly SqlComment[], at: number): SqlComment | undefined {
  return comments.find((c) => c.start <= at && at < c.end)
}

/** Just after the `*\/` that closes the comment opened at `at`; -1 when it is not closed before `to`. */
function blockCommentEnd(text: string, at: number, to: number): number {
  let depth = 0
  for (let i = at; i < to - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++
      i++
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--
      i++
      if (depth === 0) return i + 1
    }
  }
  return -1
}

/** Just after the quote that closes the one at `at` (doubled quotes, and backslashes in E'…', escape); -1 when none does. */
function quotedEnd(text: string, at: number, to: number, quote: string, backslashes: boolean): number {
  for (let i = at + 1; i < to; i++) {
    const c = text[i]
    if (backslashes && c === '\\') i++
    else if (c === quote) {
      if (text[i + 1] === quote && i + 1 < to) i++
      else return i + 1
    }
  }
  return -1
}
