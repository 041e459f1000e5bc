/**
 * Turns the SQL a client sent into the SQL the server runs, one server statement per client
 * statement (see electric-sql.ts), and maps the server's answers back: command tags, errors and
 * notices of replaced statements, error positions. Which statements are DDLX, and where a message
 * fails or ends the connection, is decided by Electric's own reading (electric-parser.ts).
 */
import { DDLX_TAGS, type DdlxCommand } from './ddlx.js'
import { readElectricSql } from './electric-parser.js'
import { NOTHING_SQL, enableSql, guardedSql, raiseSql } from './electric-sql.js'
import { guardsFor } from './guards.js'
import type { Fields } from './wire.js'

export interface RewriteOptions {
  /** a Prisma shadow database: Electric fakes DDLX there and enforces no rules */
  shadow: boolean
  /** ENABLE rejects tables outside `public` (EX014), as Electric since 0.9.3 */
  publicSchemaOnly: boolean
}

/** What the proxy does with the SQL of a Query (or a Parse: `extended`). */
export type Handling =
  | { kind: 'forward' }
  | { kind: 'rewrite'; rewrite: Rewrite }
  /** Electric's proxy crashes on it: the connection ends, nothing is answered */
  | { kind: 'close'; reason: string }
  /** Electric's proxy never answers it: the client waits */
  | { kind: 'ignore'; reason: string }

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
  /** the position (field P) Electric gives with an error it raises itself */
  position?: number
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
// What Electric's own errors carry: severity, code, message, detail, hint, position.
const ELECTRIC_FIELDS = new Set(['S', 'V', 'C', 'M', 'D', 'H', 'P'])

export function handleSql(sql: string, options: RewriteOptions, extended: boolean): Handling {
  const reading = readElectricSql(sql, { extended, shadow: options.shadow })
  switch (reading.kind) {
    case 'crash':
      return { kind: 'close', reason: reading.reason }
    case 'syntax-error':
      // Electric answers the whole message itself, before anything runs
      return whole(sql, { sql: raiseSql('42601', reading.message), tag: '', position: reading.position })
    case 'invalid-ddlx':
      // code 00000, which plpgsql cannot raise (it would send P0001): see `code`
      return whole(sql, { sql: raiseSql('P0001', 'Invalid ELECTRIC statement', reading.detail), tag: '', code: '00000' })
  }
  const { statements } = reading
  if (statements.length === 0 && !extended && !options.shadow) {
    // Operation.Simple with no statements sends nothing, not even ReadyForQuery
    return { kind: 'ignore', reason: 'a Query without statements (only comments or whitespace) gets no answer from Electric 0.12.1' }
  }
  const replacements = statements.map((statement): Replacement | undefined => {
    if (statement.ddlx) return ddlxReplacement(statement.ddlx, options)
    const guarded = options.shadow ? undefined : guardsFor(statement.ast)
    const text = sql.slice(statement.start, statement.end)
    return guarded && { sql: guardedSql(text, guarded.guards), tag: guarded.tag, executes: text }
  })
  if (replacements.every((r) => r === undefined)) return { kind: 'forward' }

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
  return { kind: 'rewrite', rewrite: rewriteOf(sql, text, replaced) }
}

/** The whole message answered by one error Electric raises itself. */
function whole(sql: string, replacement: Replacement): Handling {
  const replaced = { replacement, client: { start: 0, end: sql.length }, server: { start: 0, end: replacement.sql.length } }
  return { kind: 'rewrite', rewrite: rewriteOf(sql, replacement.sql, [replaced]) }
}

function rewriteOf(sql: string, text: string, replaced: Array<Replaced | undefined>): Rewrite {
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
        const { code, position } = own.replacement
        const shown = new Map([...fields].filter(([key]) => ELECTRIC_FIELDS.has(key)).map(([key, value]) => [key, key === 'C' && code ? code : value]))
        if (position !== undefined) shown.set('P', String(position))
        return shown
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

/** Electric runs ENABLE (also `CALL electric.electrify`), answers EX001 to the rest, and fakes all of it on a shadow database. */
function ddlxReplacement(command: DdlxCommand, { shadow, publicSchemaOnly }: RewriteOptions): Replacement {
  const tag = DDLX_TAGS[command.kind]
  if (shadow) return { sql: NOTHING_SQL, tag }
  if (command.kind === 'enable') return { sql: enableSql(command.table, { publicSchemaOnly }), tag }
  return { sql: raiseSql('EX001', `${tag} is currently unsupported`, UNSUPPORTED_DETAIL), tag }
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
