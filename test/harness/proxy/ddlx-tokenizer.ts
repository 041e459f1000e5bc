/**
 * Electric 0.12.1's DDLX tokenizer (lib/electric/ddlx/parser/tokenizer.ex), quirks included: whitespace
 * is space and tab (line ends too); `--` comments are skipped, and one without a line end crashes; there
 * are no block comments; reading stops at the first `;` outside quotes; quoted identifiers keep a
 * doubled `""`; a word is a keyword when it spells one (ASCII, any case), else an identifier lower-cased
 * with Unicode rules; an unterminated quote, string or `$tag$` crashes.
 */
import { ElectricCrash } from './crash.js'

export interface Token {
  /** the grammar terminal: a keyword, punctuation, or string/integer/float/unquoted_identifier/quoted_identifier */
  category: string
  /** identifiers as the grammar sees them, strings unescaped */
  value: string
  /** as written, for error messages */
  text: string
}

export const KEYWORDS = new Set(
  'ALL ALTER AND ASSIGN CHECK DELETE DISABLE ELECTRIC ENABLE FROM GRANT IF INSERT IS NOT NULL ON OR PRIVILEGES READ REVOKE SELECT SQLITE TABLE TO UNASSIGN UPDATE USING WRITE'.split(' '),
)
const NON_IDENT = '.,():=-<>+*/'
const OPERATORS = ['<>', '<=', '>=', '!=']
const DIGIT = /[0-9]/
const LINE_END = /\r\n|\n|\r/y

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  const push = (category: string, value: string, written = value) => tokens.push({ category, value, text: written })
  let i = 0
  while (i < text.length) {
    const c = text[i]
    LINE_END.lastIndex = i
    if (LINE_END.test(text)) {
      i = LINE_END.lastIndex
    } else if (text.startsWith('--', i)) {
      const end = text.slice(i).search(/[\r\n]/)
      if (end === -1) throw new ElectricCrash('a -- comment without a line end in DDLX')
      i += end
    } else if (c === '"') {
      const end = closing(text, i + 1, '"', '""')
      if (end === -1) throw new ElectricCrash('an unterminated quoted identifier in DDLX')
      push('quoted_identifier', text.slice(i + 1, end), text.slice(i, end + 1)) // `""` stays doubled
      i = end + 1
    } else if (c === "'") {
      const end = closing(text, i + 1, "'", "''")
      if (end === -1) throw new ElectricCrash('an unterminated string in DDLX')
      push('string', text.slice(i + 1, end).replaceAll("''", "'"), text.slice(i, end + 1))
      i = end + 1
    } else if (c === '$') {
      const tag = /^\$[A-Za-z0-9_]*\$/.exec(text.slice(i))?.[0]
      const end = tag === undefined ? -1 : text.indexOf(tag, i + tag.length)
      if (tag === undefined || end === -1) throw new ElectricCrash('an unterminated $-quoted string in DDLX')
      push('string', text.slice(i + tag.length, end), text.slice(i, end + tag.length))
      i = end + tag.length
    } else if (c === ' ' || c === '\t') {
      i++
    } else if (c === ';') {
      break // the statement ends; the rest is never read
    } else if (OPERATORS.includes(text.slice(i, i + 2))) {
      push(text.slice(i, i + 2), text.slice(i, i + 2))
      i += 2
    } else if (DIGIT.test(c) || (c === '-' && DIGIT.test(text[i + 1] ?? '')) || /^-?\.[0-9]/.test(text.slice(i, i + 3))) {
      const number = /^-?[0-9]*(\.[0-9]*)?/.exec(text.slice(i))![0]
      push(number.includes('.') ? 'float' : 'integer', number)
      i += number.length
    } else if (NON_IDENT.includes(c)) {
      push(c, c)
      i++
    } else {
      let end = i + 1
      while (end < text.length && !/[.,():=\-<>+*/; \t\r\n]/.test(text[end])) end++
      const word = text.slice(i, end)
      if (/^[A-Za-z]+$/.test(word) && KEYWORDS.has(word.toUpperCase())) push(word.toUpperCase(), word)
      else push('unquoted_identifier', word.toLowerCase(), word)
      i = end
    }
  }
  return tokens
}

/** Index of the closing `quote` from `from` on, skipping `doubled`; -1 if there is none. */
function closing(text: string, from: number, quote: string, doubled: string): number {
  for (let i = from; i < text.length; i++) {
    if (text.startsWith(doubled, i)) i++
    else if (text[i] === quote) return i
  }
  return -1
}
