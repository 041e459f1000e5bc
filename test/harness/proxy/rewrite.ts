/**
 * Turns the SQL a client sent into the SQL the server runs, one server statement per client
 * statement (see electric-sql.ts), and maps the server's answers back: command tags, errors and
 * notices of replaced statements, error positions.
 */
import type { Ddlx } from '../../../src/sql/ddlx.js'
import { splitStatements } from '../../../src/sql/statements.js'
import { NOTHING_SQL, enableSql, guardedSql, raiseSql } from './electric-sql.js'
import { guardsFor } from './guards.js'
import type { Fields } from './wire.js'

export interface RewriteOptions {
  /** a Prisma shadow database: Electric fakes DDLX there and enforces no rules */
  shadow: boolean
  /** ENABLE rejects tables outside `public` (EX014), as Electric since 0.9.3 */
  publicSchemaOnly: boolean
}

export interface Rewrite {
  /** what the server gets */
  text: string
  /** the tag the client sees for the server's CommandComplete of statement `index` */
  tag(index: number, serverTag: string): string
  /** an ErrorResponse/NoticeResponse that came while statement `index` ran (index 0: or while parsing) */
  present(fields: Fields, index: number): Fields
}

interface Replacement {
  sql: string
  /** the CommandComplete tag the client sees instead of the server's `DO` */
  tag: string
  /** the SQLSTATE the client sees for errors the replacement raises itself */
  code?: string
  /** the client's statement, when the replacement runs it with EXECUTE */
  executes?: string
}

interface Replaced {
  replacement: Replacement
  client: { start: number; end: number }
  server: { start: number; end: number }
}

// Electric's answer to DDLX other than ENABLE (Electric.Postgres.Proxy.Errors.access_control_not_supported).
const UNSUPPORTED_DETAIL = 'We are working on implementing access controls -- when these features are completed then this command will work'
// The context of an error or notice that a replacement raised itself.
const OWN_RAISE = /^PL\/pgSQL function inline_code_block line \d+ at RAISE$/
// The context a replacement adds to errors of the client statement it EXECUTEs.
const EXECUTE_FRAME = /(?:^|\n)(?:SQL statement "[^]*"\n)?PL\/pgSQL function inline_code_block line \d+ at EXECUTE$/
// What Electric's own errors carry: severity, code, message, detail, hint.
const ELECTRIC_FIELDS = new Set(['S', 'V', 'C', 'M', 'D', 'H'])

/**
 * Returns undefined when nothing needs rewriting: the message then goes to the server untouched.
 * `shadow`: a Prisma shadow database, where Electric fakes DDLX and enforces no rules.
 */
export function rewriteSql(sql: string, options: RewriteOptions): Rewrite | undefined {
  const { shadow } = options
  const statements = splitStatements(sql)
  const replacements = statements.map((statement): Replacement | undefined => {
    if (statement.kind === 'ddlx' && statement.ddlx) return ddlxReplacement(statement.ddlx, options)
    const guarded = statement.kind === 'sql' && !shadow ? guardsFor(statement.ast) : undefined
    return guarded && { sql: guardedSql(statement.text, guarded.guards), tag: guarded.tag, executes: statement.text }
  })
  if (replacements.every((r) => r === undefined)) return undefined

  let text = ''
  let copied = 0
  const replaced: Array<Replaced | undefined> = statements.map((statement, i) => {
    const replacement = replacements[i]
    if (!replacement) return undefined
    text += sql.slice(copied, statement.start)
    const server = { start: text.length, end: text.length + replacement.sql.length }
    text += replacement.sql
    copied = statement.end
    return { replacement, client: { start: statement.start, end: statement.end }, server }
  })
  text += sql.slice(copied)
  const spans = replaced.filter((r) => r !== undefined)

  /** A UTF-16 index into `text` → the same place in `sql` (a replaced statement maps to its start). */
  const toClient = (index: number): number => {
    let shift = 0
    for (const span of spans) {
      if (index < span.server.start) break
      if (index < span.server.end) return span.client.start
      shift = span.client.end - span.server.end
    }
    return index + shift
  }

  return {
    text,
    tag: (index, serverTag) => replaced[index]?.replacement.tag ?? serverTag,
    present(fields, index) {
      const own = replaced[index]
      const where = fields.get('W') ?? ''
      if (own && OWN_RAISE.test(where)) {
        // Raised by the replacement itself: shown the way Electric shows its own errors.
        const code = own.replacement.code
        return new Map([...fields].filter(([key]) => ELECTRIC_FIELDS.has(key)).map(([key, value]) => [key, key === 'C' && code ? code : value]))
      }
      const result = new Map(fields)
      const frame = own?.replacement.executes !== undefined ? EXECUTE_FRAME.exec(where) : null
      if (own && frame) {
        // From the client's own statement, run by EXECUTE: drop the wrapper's context, and point
        // an internal position (into the EXECUTEd text) at the statement in the client's SQL.
        if (frame.index === 0) result.delete('W')
        else result.set('W', where.slice(0, frame.index))
        const internal = result.get('p')
        if (internal !== undefined && result.get('q') === own.replacement.executes) {
          result.set('P', String(characters(sql, own.client.start) + Number(internal)))
          result.delete('p')
          result.delete('q')
        }
        return result
      }
      const position = result.get('P')
      if (position !== undefined) result.set('P', String(characters(sql, toClient(utf16Index(text, Number(position) - 1))) + 1))
      return result
    },
  }
}

function ddlxReplacement(ddlx: Ddlx, { shadow, publicSchemaOnly }: RewriteOptions): Replacement {
  if (ddlx.kind === 'invalid') {
    // Electric answers code 00000, which plpgsql cannot raise (it would send P0001): see `code`.
    return { sql: raiseSql('P0001', 'Invalid ELECTRIC statement'), tag: 'ELECTRIC', code: '00000' }
  }
  const tag = ddlx.kind === 'enable' ? 'ELECTRIC ENABLE' : ddlx.tag
  if (shadow) return { sql: NOTHING_SQL, tag }
  if (ddlx.kind === 'enable') return { sql: enableSql(ddlx.table, { publicSchemaOnly }), tag }
  return { sql: raiseSql('EX001', `${ddlx.tag} is currently unsupported`, UNSUPPORTED_DETAIL), tag }
}

/** Error positions count characters (code points); JavaScript indexes UTF-16 code units. */
function characters(text: string, utf16: number): number {
  let count = 0
  for (let i = 0; i < utf16; i++, count++) if (isHighSurrogate(text.charCodeAt(i))) i++
  return count
}

function utf16Index(text: string, characterIndex: number): number {
  let i = 0
  for (let n = 0; n < characterIndex && i < text.length; n++) i += isHighSurrogate(text.charCodeAt(i)) ? 2 : 1
  return i
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}
