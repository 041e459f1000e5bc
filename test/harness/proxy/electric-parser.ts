/**
 * How Electric 0.12.1's proxy reads the SQL of one Query or Parse message, written from
 * lib/electric/postgres/proxy/parser.ex (`parse/1`, the "smuggling" of DDLX) and the `validate`/`analyse`
 * steps of query_analyser.ex that end a message before anything runs. It shares nothing with
 * electrify's own SQL reading (src/sql), so that a mistake in one is caught by the other.
 *
 * 1. Parse the whole text with the PostgreSQL parser (libpg-query, like Electric's pg_query_ex).
 * 2. If that fails at the word ELECTRIC, cut the DDLX statement out between the nearest `;` before
 *    and after it, replace it by `CALL electric.__smuggle__($tag$<cut text>$tag$);` and start again.
 *    Quirks kept on purpose:
 *    - the cutter knows only '…' and "…" quoting, not `--` or `/* *​/` comments or `$$` bodies: a `;` or
 *      a lone quote in a comment next to DDLX moves the cut (an unbalanced quote crashes);
 *    - the parser's error position counts characters, Electric reads it as a byte offset: with any
 *      non-ASCII character earlier in the message the check misses ELECTRIC, and the message fails
 *      with PostgreSQL's `syntax error at or near "ELECTRIC"`.
 * 3. Validate each statement in order: a DO block crashes the connection (its error is a plain string
 *    the error reply cannot format); a smuggled text that is not DDLX is `00000 Invalid ELECTRIC
 *    statement`.
 * 4. Analyse: DDLX SQLITE, DDLX that fails Electric's build step, and names Electric's NameParser cannot
 *    read crash the connection.
 */
import { randomBytes } from 'node:crypto'
import { parseSync, type Node } from 'libpg-query'
import { ElectricCrash } from './crash.js'
import { readDdlx, type DdlxCommand } from './ddlx.js'
import { parseElectricName } from './name-parser.js'

export interface ElectricStatement {
  /** UTF-16 offsets of the statement in the client's SQL; a DDLX statement spans its whole cut */
  start: number
  end: number
  ast?: Node
  /** DDLX, or `CALL electric.electrify(…)`, which Electric runs as ENABLE */
  ddlx?: DdlxCommand
}

export type ElectricReading =
  | { kind: 'statements'; statements: ElectricStatement[] }
  /** Electric answers 42601 itself; `position` is its 0-based character offset (in the smuggled text) */
  | { kind: 'syntax-error'; message: string; position: number }
  /** Electric answers `00000 Invalid ELECTRIC statement` with this detail */
  | { kind: 'invalid-ddlx'; detail: string }
  /** Electric's connection process dies: the client's connection ends without an answer */
  | { kind: 'crash'; reason: string }

export interface ReadOptions {
  /** a Parse message (extended protocol) rather than a simple Query */
  extended: boolean
  /** a prisma_migrate_shadow_db connection, whose Parse handling has no error branch */
  shadow: boolean
}

export function readElectricSql(sql: string, options: ReadOptions): ElectricReading {
  try {
    return read(sql, options)
  } catch (error) {
    if (error instanceof ElectricCrash) return { kind: 'crash', reason: error.message }
    throw error
  }
}

function read(sql: string, { extended, shadow }: ReadOptions): ElectricReading {
  const smuggled = smuggleDdlx(sql)
  if ('message' in smuggled) {
    if (extended && shadow) throw new ElectricCrash(`the shadow database's Parse handling has no branch for a syntax error (${smuggled.message})`)
    return { kind: 'syntax-error', ...smuggled }
  }
  const { text, origin, cuts, raws } = smuggled
  // parse(%M.Parse{}) matches exactly one statement; anything else falls through to a case without a clause
  if (extended && raws.length !== 1) throw new ElectricCrash(`a Parse message with ${raws.length} statements`)
  const toUtf16 = utf16Offsets(sql)
  const statements = raws.map((raw): ElectricStatement & { cut?: Cut; unbuildable?: boolean } => {
    const location = raw.stmt_location ?? 0
    const length = raw.stmt_len ? Math.min(raw.stmt_len, text.length - location) : text.length - location
    const [from, to] = trimmed(text, location, location + length)
    const cut = isSmuggled(raw.stmt) ? cuts.find((c) => text.includes(c.tag, from) && text.indexOf(c.tag, from) < to) : undefined
    const [start, end] = cut ? [cut.start, cut.end] : [origin[from], origin[to - 1] + 1]
    return { start: toUtf16[start], end: toUtf16[end], ast: raw.stmt, cut }
  })

  // validate/1, in order: the first failure answers for the whole message
  for (const statement of statements) {
    const ast = statement.ast
    if (ast && 'DoStmt' in ast) throw new ElectricCrash('Unsupported DO...END block in migration')
    if (statement.cut) {
      const reading = readDdlx(`${statement.cut.command};`)
      if ('syntaxError' in reading) {
        if (extended && shadow) throw new ElectricCrash(`the shadow database's Parse handling has no branch for invalid DDLX (${reading.syntaxError})`)
        return { kind: 'invalid-ddlx', detail: reading.syntaxError }
      }
      // a build error is a plain string, not the Command.Error validation looks for: it crashes below
      if ('buildError' in reading) statement.unbuildable = true
      else statement.ddlx = reading.command
    } else if (ast && 'CallStmt' in ast && callName(ast) === 'electric.electrify') {
      statement.ddlx = { kind: 'enable', table: electrifyTable(ast) }
    }
  }
  // analyse/2: table_name/2 of every statement, and of every DDLX command
  for (const statement of statements) {
    if (statement.unbuildable) throw new ElectricCrash(`DDLX that Electric cannot build: ${statement.cut?.command}`)
    if (statement.ddlx?.kind === 'sqlite') throw new ElectricCrash('ELECTRIC SQLITE has no table name to analyse')
    if (statement.ast && 'DropStmt' in statement.ast) checkDropName(statement.ast)
  }
  for (let i = 1; i < statements.length; i++) {
    if (statements[i].start < statements[i - 1].end) throw new Error(`proxy stand-in: overlapping statements in ${JSON.stringify(sql)}`)
  }
  return { kind: 'statements', statements: statements.map(({ start, end, ast, ddlx }) => ({ start, end, ast, ddlx })) }
}

// ---------------------------------------------------------------- the smuggling loop

interface Cut {
  tag: string
  /** the cut text, trimmed, as the DDLX parser gets it (before its `;`) */
  command: string
  /** byte offsets in the client's SQL */
  start: number
  end: number
}

type RawStatements = NonNullable<ReturnType<typeof parseSync>['stmts']>
type Smuggled = { text: Buffer; origin: Int32Array; cuts: Cut[]; raws: RawStatements } | { message: string; position: number }

const KEYWORD = /^electric$/i
/** Elixir's String.trim: Unicode White_Space (no BOM, unlike JavaScript's trim) */
const WHITESPACE = /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/

function smuggleDdlx(sql: string): Smuggled {
  let text = Buffer.from(sql, 'utf8')
  // origin[i]: where byte i of `text` came from in the client's SQL (-1: written by the smuggling)
  let origin = Int32Array.from({ length: text.length + 1 }, (_, i) => i)
  const cuts: Cut[] = []
  for (;;) {
    // Each cut replaces one ELECTRIC the parser stopped at. When the parser stops at the ELECTRIC of a
    // CALL this loop wrote (a `$$` left open before it quotes the tag), Electric's loop never ends and
    // grows the text until the process runs out of memory: the stand-in crashes instead, as Electric would.
    if (cuts.length > 2 * (sql.match(/electric/gi)?.length ?? 0)) {
      throw new ElectricCrash('the DDLX smuggling loop does not end (a cut statement is cut again): Electric loops until it runs out of memory')
    }
    const result = parse(text.toString('utf8'))
    if ('raws' in result) return { text, origin, cuts, raws: result.raws }
    const cursor = result.position // characters, used as bytes below: Electric's quirk
    if (!(text.length >= cursor + 8 && KEYWORD.test(text.toString('latin1', cursor, cursor + 8)))) return result
    const start = cursor - findSemicolon(text.subarray(0, cursor), -1)
    const end = cursor + findSemicolon(text.subarray(cursor), 1)
    const [from, to] = trimmed(text, start, end)
    const tag = `$__${randomBytes(6).toString('hex')}__$`
    const command = text.toString('utf8', from, to).replace(/;+$/, '')
    const call = Buffer.from(`\n\nCALL electric.__smuggle__(${tag}${command}${tag});`)
    // the client's text the cut took (a cut can take an earlier CALL with it when quotes mislead it)
    const kept = origin.subarray(from, to).filter((o) => o >= 0)
    cuts.push({ tag, command, start: kept[0] ?? 0, end: (kept.at(-1) ?? -1) + 1 })
    text = Buffer.concat([text.subarray(0, start), call, text.subarray(end)])
    const next = new Int32Array(start + call.length + origin.length - end).fill(-1)
    next.set(origin.subarray(0, start))
    next.set(origin.subarray(end), start + call.length)
    origin = next
  }
}

/** Bytes from the start of `bytes` (direction 1) or its end (-1) to the first `;` outside '…' and "…". */
function findSemicolon(bytes: Buffer, direction: 1 | -1): number {
  const at = (pos: number) => bytes[direction === 1 ? pos : bytes.length - 1 - pos]
  let single = false
  let double = false
  let pos = 0
  for (;;) {
    if (pos >= bytes.length) {
      if (single || double) throw new ElectricCrash('an unbalanced quote next to DDLX (the cutter reaches the end of the message inside it)')
      return pos
    }
    const c = at(pos)
    const pair = pos + 1 < bytes.length && at(pos + 1) === c
    // the clauses of find_semicolon/3, in their order: the two kinds of quote are tracked independently
    if (c === SEMICOLON && !single && !double) return pos
    if (c === DOUBLE_QUOTE && !double) double = true
    else if (c === DOUBLE_QUOTE && pair) pos++
    else if (c === DOUBLE_QUOTE) double = false
    else if (c === SINGLE_QUOTE && !single) single = true
    else if (c === SINGLE_QUOTE && pair) pos++
    else if (c === SINGLE_QUOTE) single = false
    pos++
  }
}

const SEMICOLON = 0x3b
const DOUBLE_QUOTE = 0x22
const SINGLE_QUOTE = 0x27

function parse(sql: string): { raws: RawStatements } | { message: string; position: number } {
  // libpg-query refuses '' where libpg_query (Electric's) returns no statements
  if (sql === '') return { raws: [] }
  try {
    return { raws: parseSync(sql).stmts ?? [] }
  } catch (error) {
    const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails
    return { message: details?.message ?? String(error), position: details?.cursorPosition ?? 0 }
  }
}

/** [from, to) of bytes [start, end) without surrounding whitespace, as String.trim. */
function trimmed(text: Buffer, start: number, end: number): [number, number] {
  const slice = text.toString('utf8', start, end)
  const leading = slice.length - slice.replace(new RegExp(`^${WHITESPACE.source}+`), '').length
  const trailing = slice.length - slice.replace(new RegExp(`${WHITESPACE.source}+$`), '').length
  return [start + Buffer.byteLength(slice.slice(0, leading)), end - Buffer.byteLength(slice.slice(slice.length - trailing))]
}

/** byte offset in `sql`'s UTF-8 → UTF-16 index (for every byte offset 0…length). */
function utf16Offsets(sql: string): Uint32Array {
  const offsets = new Uint32Array(Buffer.byteLength(sql) + 1)
  let byte = 0
  for (let i = 0; i < sql.length; ) {
    const codePoint = sql.codePointAt(i)!
    const bytes = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4
    offsets.fill(i, byte, byte + bytes)
    byte += bytes
    i += codePoint > 0xffff ? 2 : 1
  }
  offsets[byte] = sql.length
  return offsets
}

// ---------------------------------------------------------------- statements Electric looks into

type CallStmt = Extract<Node, { CallStmt: unknown }>['CallStmt']

function isSmuggled(ast: Node | undefined): boolean {
  return ast !== undefined && 'CallStmt' in ast && callName(ast) === 'electric.__smuggle__'
}

function callName(ast: { CallStmt: CallStmt }): string {
  return (ast.CallStmt.funccall?.funcname ?? []).map((n) => ('String' in n ? n.String.sval : '?')).join('.')
}

/** Parser.table_name/2 of `CALL electric.electrify(…)`: two names as given, or one read by NameParser. */
function electrifyTable(ast: { CallStmt: CallStmt }): { schema: string; name: string } {
  const args = (ast.CallStmt.funccall?.args ?? []).map((arg) => {
    if ('A_Const' in arg && arg.A_Const.sval) return arg.A_Const.sval.sval ?? ''
    if ('String' in arg) return arg.String.sval ?? ''
    throw new ElectricCrash('CALL electric.electrify with an argument that is not a string constant')
  })
  if (args.length === 2) return { schema: args[0], name: args[1] }
  if (args.length !== 1) throw new ElectricCrash(`CALL electric.electrify with ${args.length} arguments`)
  const name = parseElectricName(args[0])
  if (!name) throw new ElectricCrash(`CALL electric.electrify('${args[0]}'): a name Electric cannot read`)
  return name
}

/** Parser.table_name/2 of a DROP of one object: names of 1 to 3 parts; a one-part function name goes through NameParser. */
function checkDropName(ast: Extract<Node, { DropStmt: unknown }>): void {
  const objects = ast.DropStmt.objects ?? []
  if (objects.length !== 1) return
  const object = objects[0]
  const names = 'List' in object ? object.List.items : 'ObjectWithArgs' in object ? object.ObjectWithArgs.objname : undefined
  if (!names) return
  if (names.length > 3) throw new ElectricCrash(`DROP of a name with ${names.length} parts`)
  if ('ObjectWithArgs' in object && names.length === 1) {
    const name = 'String' in names[0] ? (names[0].String.sval ?? '') : ''
    if (!parseElectricName(name)) throw new ElectricCrash(`DROP of ${JSON.stringify(name)}, a name Electric cannot read`)
  }
}
