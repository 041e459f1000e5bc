/** A table as Postgres and Electric name it: schema and table, after identifier resolution. */
export interface TableName {
  schema: string
  name: string
}

export const DEFAULT_SCHEMA = 'public'

/**
 * Resolves one identifier token as Postgres and Electric do: a quoted identifier keeps its exact
 * text (with `""` meaning `"`), an unquoted one is lower-cased.
 */
export function resolveIdentifier(token: string): string {
  if (token.startsWith('"') && token.endsWith('"') && token.length >= 2) return token.slice(1, -1).replaceAll('""', '"')
  return token.toLowerCase()
}

/** `"Item"`, `"auth"."User"`: the quoted form electrify writes, schema omitted when it is `public`. */
export function quoteTableName(table: TableName): string {
  const name = quoteIdentifier(table.name)
  return table.schema === DEFAULT_SCHEMA ? name : `${quoteIdentifier(table.schema)}.${name}`
}

export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`
}

/** `public.Item`: how tables are shown in messages and used as keys. */
export function tableKey(table: TableName): string {
  return `${table.schema}.${table.name}`
}

export function sameTable(a: TableName, b: TableName): boolean {
  return a.schema === b.schema && a.name === b.name
}

/**
 * Splits a qualified name given as text, such as the argument of `electric.electrify('auth.users')`,
 * into schema and table with the same quoting rules as identifier tokens.
 */
export function parseQualifiedName(text: string): TableName | undefined {
  const parts: string[] = []
  const pattern = /\s*("(?:[^"]|"")*"|[^".\s]+)\s*(\.|$)/y
  let rest = text.trim()
  while (rest.length > 0) {
    pattern.lastIndex = 0
    const match = pattern.exec(rest)
    if (!match) return undefined
    parts.push(resolveIdentifier(match[1]))
    rest = rest.slice(match[0].length)
    if (match[2] === '' && rest.length > 0) return undefined
  }
  if (parts.length === 1) return { schema: DEFAULT_SCHEMA, name: parts[0] }
  if (parts.length === 2) return { schema: parts[0], name: parts[1] }
  return undefined
}
