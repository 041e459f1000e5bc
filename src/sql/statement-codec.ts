/**
 * A migration's statements as a small JSON value, for the check's cache: numbers for where each
 * statement is, and only the trees (already cut down by table-tree.ts), DDLX and errors beside them.
 * The text is not stored: it is the migration's own, which the cache reads anyway to find the entry.
 * Decoding gives back exactly the statements that were encoded.
 */
import type { Ddlx } from './ddlx.js'
import type { SqlStatement } from './statements.js'

export interface EncodedStatements {
  /** Four numbers a statement: start minus the previous end, length, line minus the previous line, what it holds (KIND). */
  n: number[]
  /** The tree, DDLX or error of each statement that has one, in order. */
  d: unknown[]
}

/** What a statement holds besides its text. */
const Kind = { Text: 0, Tree: 1, Ddlx: 2, Invalid: 3 } as const

export function encodeStatements(statements: readonly SqlStatement[]): EncodedStatements {
  const n: number[] = []
  const d: unknown[] = []
  let end = 0
  let line = 1
  for (const s of statements) {
    const [kind, detail] = s.kind === 'invalid' ? [Kind.Invalid, s.error] : s.kind === 'ddlx' ? [Kind.Ddlx, s.ddlx] : s.ast ? [Kind.Tree, s.ast] : [Kind.Text]
    if (kind !== Kind.Text) d.push(detail)
    n.push(s.start - end, s.end - s.start, s.line - line, kind)
    end = s.end
    line = s.line
  }
  return { n, d }
}

/** The statements of `sql` that `encoded` describes; throws when it does not fit the text. */
export function decodeStatements(sql: string, encoded: EncodedStatements): SqlStatement[] {
  const { n, d } = encoded
  if (!Array.isArray(n) || !Array.isArray(d) || n.length % 4 !== 0) throw new Error('not encoded statements')
  const statements: SqlStatement[] = []
  let end = 0
  let line = 1
  let next = 0
  for (let i = 0; i < n.length; i += 4) {
    const start = end + n[i]
    end = start + n[i + 1]
    line += n[i + 2]
    if (!(start >= 0 && end >= start && end <= sql.length)) throw new Error('statement outside the text')
    const statement: SqlStatement = { text: sql.slice(start, end), start, end, line, kind: 'sql' }
    switch (n[i + 3]) {
      case Kind.Text:
        break
      case Kind.Tree:
        statement.ast = d[next++] as SqlStatement['ast']
        break
      case Kind.Ddlx:
        statement.kind = 'ddlx'
        statement.ddlx = d[next++] as Ddlx
        break
      case Kind.Invalid:
        statement.kind = 'invalid'
        statement.error = d[next++] as SqlStatement['error']
        break
      default:
        throw new Error('unknown statement kind')
    }
    statements.push(statement)
  }
  if (next !== d.length) throw new Error('encoded statements do not match their trees')
  return statements
}
