/**
 * Electric's reading of a table name given as text (Electric.Postgres.NameParser, a NimbleParsec
 * grammar), used for `CALL electric.electrify('…')`, role scopes in DDLX and one-part names in
 * `DROP FUNCTION`: `[identifier "."] identifier`, all of the text. A quoted identifier keeps its case
 * (`""` is `"`); an unquoted one is any first character, then characters up to whitespace, `.`, `"` or
 * `'`, lower-cased.
 */
export interface ElectricName {
  schema: string
  name: string
}

/** undefined where Electric's `parse` answers an error (and its `parse!` raises). */
export function parseElectricName(text: string, defaultSchema = 'public'): ElectricName | undefined {
  const first = identifierAt(text, 0)
  if (!first) return undefined
  // optional(identifier ".") commits once it matched: no retry as a one-part name.
  if (text[first.end] === '.') {
    const second = identifierAt(text, first.end + 1)
    return second && second.end === text.length ? { schema: first.value, name: second.value } : undefined
  }
  return first.end === text.length ? { schema: defaultSchema, name: first.value } : undefined
}

function identifierAt(text: string, at: number): { value: string; end: number } | undefined {
  return quotedAt(text, at) ?? unquotedAt(text, at)
}

function quotedAt(text: string, at: number): { value: string; end: number } | undefined {
  if (text[at] !== '"') return undefined
  let value = ''
  for (let i = at + 1; i < text.length; i++) {
    if (text.startsWith('""', i)) {
      value += '"'
      i++
    } else if (text[i] === '"') {
      return { value, end: i + 1 }
    } else {
      value += text[i]
    }
  }
  return undefined // unterminated: the choice falls back to an unquoted identifier
}

function unquotedAt(text: string, at: number): { value: string; end: number } | undefined {
  const first = text.codePointAt(at)
  if (first === undefined) return undefined
  let end = at + (first > 0xffff ? 2 : 1) // utf8_char([]): any first character
  while (end < text.length && !/[ \r\n\t."']/.test(text[end])) end++
  return { value: text.slice(at, end).toLowerCase(), end }
}
