/**
 * How Electric 0.12.1's proxy reads the DDLX text its cutter hands it (pure), written from its
 * tokenizer (`lib/electric/ddlx/parser/tokenizer.ex`), its yecc grammar (`src/electric_ddlx_parser.yrl`)
 * and the commands' `build` (`lib/electric/ddlx/command/*.ex`, `parser/build.ex`), with the quirks a
 * hand-written migration meets:
 *
 * - the tokenizer knows `--` comments but not `/* *\/` ones; a `--` comment must end with a line end
 *   before the `;` the proxy appends, or the tokenizer crashes; so does an unclosed quote or a `$`
 *   that does not open a `$tag$` string;
 * - a DDLX keyword (TABLE, READ, ON, TO, CHECK …) is never an unquoted name; integers are tokens the
 *   grammar never accepts; PRIVILEGES is a keyword no rule uses;
 * - a command whose build fails (GRANT/REVOKE with an unquoted role, ASSIGN with a role column of
 *   another table …) and ELECTRIC SQLITE pass the proxy's validation and crash it afterwards.
 *
 * A grammar error is answered `00000 Invalid ELECTRIC statement`; a crash closes the connection.
 */
import { electricReadsName } from './electric-reading.js'

export type DdlxCommandKind = 'enable' | 'disable' | 'grant' | 'revoke' | 'assign' | 'unassign'

export type DdlxReading =
  | { kind: 'command'; command: DdlxCommandKind }
  /** `near`: the token yecc stops at, as written ('' at the end); `keywordAsName` when a name was expected there */
  | { kind: 'syntax-error'; near: string; keywordAsName?: string }
  /**
   * `comment`: a `--` comment without a line end; `tokenizer`: an unclosed quote or `$`; `build`: the
   * command's build, or SQLITE; `cutter`: the statement cutter, before (electric-reading.ts)
   */
  | { kind: 'crash'; cause: 'comment' | 'tokenizer' | 'build' | 'cutter'; reason: string }

/** Reads the cut text (electric-reading.ts `electricCut`), to which the proxy appends `;`. */
export function readElectricDdlx(cut: string): DdlxReading {
  let tokens: Token[]
  try {
    tokens = tokenize(`${cut};`)
  } catch (error) {
    if (error instanceof TokenizerCrash) return { kind: 'crash', cause: error.comment ? 'comment' : 'tokenizer', reason: error.message }
    throw error
  }
  const parser = new DdlxParser(tokens)
  const parsed = parser.statement()
  if (!parsed || !parser.atEnd()) return { kind: 'syntax-error', ...parser.failure() }
  // SQLITE builds, but the proxy then asks it for a table name it does not have
  if (parsed.command === 'sqlite') return { kind: 'crash', cause: 'build', reason: 'ELECTRIC SQLITE names no table' }
  if (parsed.buildError) return { kind: 'crash', cause: 'build', reason: parsed.buildError }
  return { kind: 'command', command: parsed.command }
}

/** The words of the DDLX grammar: any case, ASCII letters only. */
export const DDLX_KEYWORDS = new Set(
  'ALL ALTER AND ASSIGN CHECK DELETE DISABLE ELECTRIC ENABLE FROM GRANT IF INSERT IS NOT NULL ON OR PRIVILEGES READ REVOKE SELECT SQLITE TABLE TO UNASSIGN UPDATE USING WRITE'.split(' '),
)

// ---------------------------------------------------------------- tokenizer

interface Token {
  /** a keyword (upper case), a punctuation or operator, or `name` (quoted or not), `string`, `integer`, `float` */
  type: string
  /** a name as Electric resolves it (unquoted: lower-cased), a string's content */
  value: string
  written: string
}

class TokenizerCrash extends Error {
  constructor(
    message: string,
    readonly comment = false,
  ) {
    super(message)
  }
}

const PUNCTUATION = '.,():=-<>+*/'
const TWO_CHAR_OPERATORS = ['<>', '<=', '>=', '!=']
/** Where an unquoted word ends: punctuation, `;`, space, tab, line ends. */
const WORD_END = /[.,():=\-<>+*/; \t\r\n]/

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    const two = text.slice(i, i + 2)
    if (c === '\r' || c === '\n' || c === ' ' || c === '\t') {
      i++
    } else if (two === '--') {
      const lineEnd = text.slice(i).search(/[\r\n]/)
      if (lineEnd === -1) throw new TokenizerCrash('a -- comment with no line end before the end of the DDLX', true)
      i += lineEnd
    } else if (c === ';') {
      break // the statement ends; the rest is never read
    } else if (c === '"' || c === "'") {
      const end = closingQuote(text, i, c)
      if (end === -1) throw new TokenizerCrash(c === '"' ? 'a quoted name that is never closed' : 'a string that is never closed')
      const inner = text.slice(i + 1, end)
      // a quoted name keeps `""` as written, Electric's quirk; a string's `''` is one quote
      tokens.push(c === '"' ? { type: 'name', value: inner, written: text.slice(i, end + 1) } : { type: 'string', value: inner.replaceAll("''", "'"), written: text.slice(i, end + 1) })
      i = end + 1
    } else if (c === '$') {
      const tag = /^\$[A-Za-z0-9_]*\$/.exec(text.slice(i))?.[0]
      const close = tag === undefined ? -1 : text.indexOf(tag, i + tag.length)
      if (tag === undefined || close === -1) throw new TokenizerCrash('a $ that does not open a closed $tag$ string')
      tokens.push({ type: 'string', value: text.slice(i + tag.length, close), written: text.slice(i, close + tag.length) })
      i = close + tag.length
    } else if (TWO_CHAR_OPERATORS.includes(two)) {
      tokens.push({ type: two, value: two, written: two })
      i += 2
    } else if (/^(?:-?[0-9]|-?\.[0-9])/.test(text.slice(i, i + 3))) {
      const number = /^-?[0-9]*(?:\.[0-9]*)?/.exec(text.slice(i))![0]
      tokens.push({ type: number.includes('.') ? 'float' : 'integer', value: number, written: number })
      i += number.length
    } else if (PUNCTUATION.includes(c)) {
      tokens.push({ type: c, value: c, written: c })
      i++
    } else {
      let end = i + 1
      while (end < text.length && !WORD_END.test(text[end]!)) end++
      const word = text.slice(i, end)
      const keyword = /^[A-Za-z]+$/.test(word) && DDLX_KEYWORDS.has(word.toUpperCase())
      tokens.push({ type: keyword ? word.toUpperCase() : 'name', value: word.toLowerCase(), written: word })
      i = end
    }
  }
  return tokens
}

/** Offset of the quote that closes the one at `at` (a doubled quote is part of the text), or -1. */
function closingQuote(text: string, at: number, quote: string): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] !== quote) continue
    if (text[i + 1] === quote) i++
    else return i
  }
  return -1
}

// ---------------------------------------------------------------- grammar

/** A role as the grammar gives it to the build: a quoted role definition, or a column path. */
type Role = { definition: string } | { path: string[] }

interface Parsed {
  command: DdlxCommandKind | 'sqlite'
  buildError?: string
}

const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'ALL', 'READ', 'WRITE']
const OPERATORS = ['=', '>', '<', '<=', '>=', '<>', '!=', '*', '+', '/', '-', 'AND', 'OR', 'NOT', 'IS']

/**
 * Recursive descent over the yecc grammar; every rule is tried in the order that accepts exactly the
 * grammar's language. `furthest` is where a syntax error is reported, as yecc stops at the first token
 * no rule can take.
 */
class DdlxParser {
  private at = 0
  private furthest = 0
  private nameExpected = false

  constructor(private readonly tokens: readonly Token[]) {}

  atEnd(): boolean {
    if (this.at === this.tokens.length) return true
    this.miss(false)
    return false
  }

  failure(): { near: string; keywordAsName?: string } {
    const token = this.tokens[this.furthest]
    const near = token?.written ?? ''
    return token && this.nameExpected && DDLX_KEYWORDS.has(token.type) ? { near, keywordAsName: token.written } : { near }
  }

  statement(): Parsed | undefined {
    if (this.accept('ALTER')) {
      if (!this.accept('TABLE') || !this.table()) return undefined
      const command = this.accept('ENABLE') ? 'enable' : this.accept('DISABLE') ? 'disable' : undefined
      return command && this.accept('ELECTRIC') ? { command } : undefined
    }
    if (!this.accept('ELECTRIC')) return undefined
    if (this.accept('ENABLE')) return this.table() ? { command: 'enable' } : undefined
    if (this.accept('DISABLE')) return this.table() ? { command: 'disable' } : undefined
    if (this.accept('ASSIGN') || this.accept('UNASSIGN')) {
      const command = this.tokens[this.at - 1]!.type === 'ASSIGN' ? 'assign' : 'unassign'
      const role = this.scopedRole()
      if (!role || !this.accept(command === 'assign' ? 'TO' : 'FROM')) return undefined
      const user = this.path(2, 3)
      if (!user) return undefined
      if (command === 'assign' && this.accept('IF') && !this.parenthesisedExpression()) return undefined
      return { command, buildError: assignBuildError(role, user) }
    }
    if (this.accept('GRANT') || this.accept('REVOKE')) {
      const command = this.tokens[this.at - 1]!.type === 'GRANT' ? 'grant' : 'revoke'
      if (!this.permissions() || !this.accept('ON') || !this.table() || !this.accept(command === 'grant' ? 'TO' : 'FROM')) return undefined
      const role = this.scopedRole()
      if (!role) return undefined
      if (command === 'grant') {
        if (this.accept('USING')) this.scopePath()
        if (this.accept('CHECK') && !this.parenthesisedExpression()) return undefined
      }
      return { command, buildError: 'definition' in role ? roleDefinitionError(role.definition) : 'the role must be a quoted string' }
    }
    if (this.accept('SQLITE')) return this.take('string') ? { command: 'sqlite' } : undefined
    return undefined
  }

  /** table_ident: identifier ['.' identifier] */
  private table(): boolean {
    return this.path(1, 2) !== undefined
  }

  /** `min` to `max` identifiers joined by '.', as many as there are. */
  private path(min: number, max: number): string[] | undefined {
    const first = this.name()
    if (first === undefined) return undefined
    const parts = [first]
    while (parts.length < max && this.accept('.')) {
      const next = this.name()
      if (next === undefined) return undefined
      parts.push(next)
    }
    return parts.length >= min ? parts : undefined
  }

  /** scoped_role: role | scope ':' role | '(' scope ',' role ')' */
  private scopedRole(): Role | undefined {
    if (this.accept('(')) {
      if (!this.scope() || !this.accept(',')) return undefined
      const role = this.role()
      return role && this.accept(')') ? role : undefined
    }
    const start = this.at
    if (this.scope() && this.accept(':')) return this.role()
    this.at = start
    return this.role()
  }

  /** scope: NULL | identifier ['.' identifier] */
  private scope(): boolean {
    return this.accept('NULL') || this.path(1, 2) !== undefined
  }

  /** role: string | identifier ('.' identifier){0,2} */
  private role(): Role | undefined {
    const string = this.take('string')
    if (string) return { definition: string.value }
    const path = this.path(1, 3)
    return path && { path }
  }

  /** privilege ['(' identifier {',' identifier} ')'] */
  private permissions(): boolean {
    if (!PRIVILEGES.some((p) => this.accept(p))) return false
    if (!this.accept('(')) return true
    do {
      if (this.name() === undefined) return false
    } while (this.accept(','))
    return this.accept(')')
  }

  /** scope_path: [identifier ['/' scope_path]] */
  private scopePath(): void {
    while (this.name() !== undefined && this.accept('/'));
  }

  private parenthesisedExpression(): boolean {
    return this.accept('(') && this.expression() && this.accept(')')
  }

  /** expr: operand {op operand}; operand: '(' expr ')' | identifier ['(' func_args ')'] | string | float */
  private expression(): boolean {
    do {
      if (this.accept('(')) {
        if (!this.expression() || !this.accept(')')) return false
      } else if (this.name() !== undefined) {
        if (this.accept('(') && !this.functionArguments()) return false
      } else if (!this.take('string') && !this.take('float')) {
        return false
      }
    } while (OPERATORS.some((op) => this.accept(op)))
    return true
  }

  /** func_args ')': empty | expr | expr ',' func_args (so a trailing comma is fine) */
  private functionArguments(): boolean {
    while (!this.accept(')')) {
      if (!this.expression()) return false
      if (!this.accept(',')) return this.accept(')')
    }
    return true
  }

  private name(): string | undefined {
    const token = this.tokens[this.at]
    if (token?.type !== 'name') return this.miss(true)
    this.at++
    return token.value
  }

  private take(type: string): Token | undefined {
    const token = this.tokens[this.at]
    if (token?.type !== type) return this.miss(false)
    this.at++
    return token
  }

  private accept(type: string): boolean {
    return this.take(type) !== undefined
  }

  private miss(name: boolean): undefined {
    if (this.at > this.furthest) {
      this.furthest = this.at
      this.nameExpected = false
    }
    if (this.at === this.furthest && name) this.nameExpected = true
    return undefined
  }
}

// ---------------------------------------------------------------- build

/** `split_role_def`: `scope:role` with neither blank and a scope NameParser reads, or a role that is not blank. */
function roleDefinitionError(definition: string): string | undefined {
  const colon = definition.indexOf(':')
  if (colon === -1) return definition === '' ? 'the role is empty' : undefined
  const scope = definition.slice(0, colon)
  if (scope === '' || colon === definition.length - 1) return `the role "${definition}" has an empty scope or role`
  return electricReadsName(scope) ? undefined : `the scope "${scope}" is not a name Electric can read`
}

/** ASSIGN/UNASSIGN: a role definition, or else a role column of the user's own table. */
function assignBuildError(role: Role, user: string[]): string | undefined {
  if ('definition' in role) {
    const error = roleDefinitionError(role.definition)
    // a definition Electric cannot split falls back to a role column, which a string is not
    return error && `${error} (and a role given as a string is no role column)`
  }
  if (role.path.length < 2) return 'the role column must name its table (table.column)'
  const [roleSchema, roleTable] = role.path.length === 3 ? role.path : ['public', role.path[0]!]
  const [userSchema, userTable] = user.length === 3 ? user : ['public', user[0]!]
  return roleSchema === userSchema && roleTable === userTable ? undefined : 'the role column must be in the same table as the user column'
}
