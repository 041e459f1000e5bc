/**
 * Electric 0.12.1's DDLX reader, written from its tokenizer (lib/electric/ddlx/parser/tokenizer.ex),
 * its yecc grammar (src/electric_ddlx_parser.yrl) and the commands' `build` functions
 * (lib/electric/ddlx/command/*.ex). It reads the text Electric's statement cutter hands it
 * (electric-parser.ts), with a `;` appended.
 *
 * What the layers do, quirks included:
 * - Tokenizer (ddlx-tokenizer.ts): no block comments, identifiers lower-cased with Unicode rules
 *   (`String.downcase`), not only A–Z as in PostgreSQL; it throws ElectricCrash where Electric crashes.
 * - Grammar: every token must be used. A DDLX keyword (TABLE, READ, CHECK, ON, TO …) cannot be an
 *   unquoted table name. Integers are tokenized as `integer` but the grammar expects `int`, and
 *   PRIVILEGES is a keyword the grammar never uses: both are syntax errors.
 * - Build: GRANT/REVOKE need a quoted role name; ASSIGN/UNASSIGN a role name or a role column of the
 *   user table. A build error is not the `Command.Error` the proxy checks for, so it passes validation
 *   and crashes the connection later.
 */
import { KEYWORDS, tokenize, type Token } from './ddlx-tokenizer.js'
import { parseElectricName } from './name-parser.js'

/** A table as Electric holds it after parsing: unquoted names lower-cased, quoted ones as written (`""` kept). */
export interface DdlxTable {
  schema: string
  name: string
}

export type DdlxCommand =
  | { kind: 'enable' | 'disable'; table: DdlxTable }
  | { kind: 'grant' | 'revoke' | 'assign' | 'unassign' }
  | { kind: 'sqlite' }

export type DdlxReading =
  | { ok: true; command: DdlxCommand }
  /** A `Command.Error`: the proxy answers `00000 Invalid ELECTRIC statement` with this as the detail. */
  | { ok: false; syntaxError: string }
  /** A build error (a plain string): the proxy lets it through and crashes on it. */
  | { ok: false; buildError: string }

/** Electric's command tags (`Command.tag/1`); SQLITE's is empty. */
export const DDLX_TAGS: Record<DdlxCommand['kind'], string> = {
  enable: 'ELECTRIC ENABLE',
  disable: 'ELECTRIC DISABLE',
  grant: 'ELECTRIC GRANT',
  revoke: 'ELECTRIC REVOKE',
  assign: 'ELECTRIC ASSIGN',
  unassign: 'ELECTRIC UNASSIGN',
  sqlite: '',
}

const DEFAULT_SCHEMA = 'public'

/** Throws ElectricCrash where the tokenizer crashes. */
export function readDdlx(text: string): DdlxReading {
  const parser = new Parser(tokenize(text))
  const parsed = parser.statement()
  if (!parsed || !parser.atEnd()) return { ok: false, syntaxError: `syntax error before: ${parser.errorToken()}` }
  const buildError = parsed.buildError
  return buildError === undefined ? { ok: true, command: parsed.command } : { ok: false, buildError }
}

// ---------------------------------------------------------------- grammar

interface Parsed {
  command: DdlxCommand
  buildError?: string
}

const OPERATORS_OF_EXPR = ['=', '>', '<', '<=', '>=', '<>', '!=', '*', '+', '/', '-', 'AND', 'OR', 'NOT', 'IS']

/** A role as the grammar yields it: a quoted role name, or a column path. */
type Role = { name: string } | { column: string[] }

/** Recursive descent over electric_ddlx_parser.yrl; `furthest` is where a syntax error is reported. */
class Parser {
  private at = 0
  private furthest = 0

  constructor(private readonly tokens: Token[]) {}

  atEnd(): boolean {
    return this.at === this.tokens.length || (this.fail(), false)
  }

  /** yecc's `syntax error before: <token>`, roughly as Erlang prints the token. */
  errorToken(): string {
    const token = this.tokens[this.furthest]
    if (!token) return ''
    return /^[a-z_]+$/.test(token.category) || KEYWORDS.has(token.category) ? `<<"${token.text}">>` : `'${token.category}'`
  }

  statement(): Parsed | undefined {
    const start = this.at
    if (this.accept('ALTER')) {
      if (!this.accept('TABLE')) return this.fail()
      const table = this.tableIdent()
      const action = table && (this.accept('ENABLE') ? 'enable' : this.accept('DISABLE') ? 'disable' : undefined)
      return table && action && this.accept('ELECTRIC') ? { command: { kind: action, table } } : this.fail()
    }
    if (!this.accept('ELECTRIC')) return this.fail()
    for (const kind of ['enable', 'disable'] as const) {
      if (this.accept(kind.toUpperCase())) {
        const table = this.tableIdent()
        return table ? { command: { kind, table } } : this.fail()
      }
    }
    if (this.accept('ASSIGN') || this.accept('UNASSIGN')) {
      const kind = this.tokens[start + 1].category === 'ASSIGN' ? 'assign' : 'unassign'
      const role = this.scopedRole()
      if (!role || !this.accept(kind === 'assign' ? 'TO' : 'FROM')) return this.fail()
      const user = this.columnIdent()
      if (!user) return this.fail()
      if (kind === 'assign' && this.accept('IF') && !this.parenthesised()) return this.fail()
      return { command: { kind }, buildError: assignBuildError(role, user) }
    }
    if (this.accept('GRANT') || this.accept('REVOKE')) {
      const kind = this.tokens[start + 1].category === 'GRANT' ? 'grant' : 'revoke'
      if (!this.permissions() || !this.accept('ON') || !this.tableIdent() || !this.accept(kind === 'grant' ? 'TO' : 'FROM')) return this.fail()
      const role = this.scopedRole()
      if (!role) return this.fail()
      if (kind === 'grant') {
        if (this.accept('USING')) this.scopePath()
        if (this.accept('CHECK') && !this.parenthesised()) return this.fail()
      }
      return { command: { kind }, buildError: grantBuildError(role) }
    }
    if (this.accept('SQLITE')) return this.take('string') ? { command: { kind: 'sqlite' } } : this.fail()
    return this.fail()
  }

  /** table_ident: identifier ['.' identifier] */
  private tableIdent(): DdlxTable | undefined {
    const first = this.identifier()
    if (first === undefined) return undefined
    if (!this.accept('.')) return { schema: DEFAULT_SCHEMA, name: first }
    const second = this.identifier()
    return second === undefined ? this.fail() : { schema: first, name: second }
  }

  private identifier(): string | undefined {
    return (this.take('unquoted_identifier') ?? this.take('quoted_identifier'))?.value
  }

  /** identifier ('.' identifier){0,extra} */
  private path(extra: number): string[] | undefined {
    const first = this.identifier()
    if (first === undefined) return undefined
    const parts = [first]
    while (parts.length <= extra && this.accept('.')) {
      const next = this.identifier()
      if (next === undefined) return this.fail()
      parts.push(next)
    }
    return parts
  }

  /** scoped_role: role | scope ':' role | '(' scope ',' role ')' (the scope only matters to the build) */
  private scopedRole(): Role | undefined {
    if (this.accept('(')) {
      if (!this.scope() || !this.accept(',')) return this.fail()
      const role = this.role()
      return role && this.accept(')') ? role : this.fail()
    }
    const save = this.at
    if (this.scope() && this.accept(':')) return this.role() ?? this.fail()
    this.at = save
    return this.role()
  }

  /** scope: NULL | identifier ['.' identifier] */
  private scope(): boolean {
    return this.accept('NULL') || this.path(1) !== undefined
  }

  /** role: string | identifier ('.' identifier){0,2} */
  private role(): Role | undefined {
    const name = this.take('string')
    if (name) return { name: name.value }
    const column = this.path(2)
    return column && { column }
  }

  /** column_ident: identifier '.' identifier ['.' identifier] */
  private columnIdent(): string[] | undefined {
    const parts = this.path(2)
    return parts && parts.length >= 2 ? parts : this.fail()
  }

  /** permissions: privilege ['(' identifier {',' identifier} ')'] */
  private permissions(): boolean {
    if (!['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'ALL', 'READ', 'WRITE'].some((p) => this.accept(p))) return false
    if (!this.accept('(')) return true
    for (;;) {
      if (this.identifier() === undefined) return false
      if (this.accept(')')) return true
      if (!this.accept(',')) return false
    }
  }

  /** scope_path: [identifier {'/' identifier}] (may be empty) */
  private scopePath(): void {
    if (this.identifier() === undefined) return
    while (this.accept('/')) if (this.identifier() === undefined) return
  }

  /** '(' expr ')', for IF and CHECK */
  private parenthesised(): boolean {
    return this.accept('(') && this.expression() && this.accept(')')
  }

  /**
   * expr: operand {op operand}; operand: '(' expr ')' | identifier ['(' func_args ')'] | string | int | float.
   * func_args may end with a comma (`func_args -> expr ',' func_args` with an empty tail).
   */
  private expression(): boolean {
    do {
      if (this.accept('(')) {
        if (!this.expression() || !this.accept(')')) return false
      } else if (this.identifier() !== undefined) {
        if (this.accept('(')) {
          while (!this.accept(')')) {
            if (!this.expression()) return false
            if (!this.accept(',') && !this.accept(')')) return false
            if (this.tokens[this.at - 1].category === ')') break
          }
        }
      } else if (!this.take('string') && !this.take('int') && !this.take('float')) {
        return false
      }
    } while (OPERATORS_OF_EXPR.some((op) => this.accept(op)))
    return true
  }

  private take(category: string): Token | undefined {
    const token = this.tokens[this.at]
    if (token?.category !== category) return this.fail()
    this.at++
    return token
  }

  private accept(category: string): boolean {
    return this.take(category) !== undefined
  }

  private fail(): undefined {
    this.furthest = Math.max(this.furthest, this.at)
    return undefined
  }
}

// ---------------------------------------------------------------- build

/** GRANT/REVOKE: the role must be a quoted name that split_role_def accepts. */
function grantBuildError(role: Role): string | undefined {
  return 'name' in role ? roleNameError(role.name) : 'missing role_name attribute'
}

/** ASSIGN/UNASSIGN: a role name split_role_def accepts, else a role column of the user table itself. */
function assignBuildError(role: Role, user: string[]): string | undefined {
  if ('name' in role && roleNameError(role.name) === undefined) return undefined
  if (!('column' in role) || role.column.length < 2) return 'missing role_table_name attribute'
  const [roleSchema, roleTable] = role.column.length === 3 ? role.column : [DEFAULT_SCHEMA, role.column[0]]
  const [userSchema, userTable] = user.length === 3 ? user : [DEFAULT_SCHEMA, user[0]]
  if (roleSchema !== userSchema) return 'role_table_schema must equal user_table_schema'
  return roleTable === userTable ? undefined : 'role_table_name must equal user_table_name'
}

/** split_role_def: `scope:role` (neither blank, the scope a name Electric can read) or `role` (not blank). */
function roleNameError(definition: string): string | undefined {
  const colon = definition.indexOf(':')
  if (colon === -1) return definition === '' ? `invalid role assignment "${definition}"` : undefined
  const [scope, role] = [definition.slice(0, colon), definition.slice(colon + 1)]
  if (scope === '' || role === '') return `invalid role assignment "${definition}"`
  // `{:ok, scope} = NameParser.parse(scope)`: a scope it cannot read is a match error, a crash as well
  return parseElectricName(scope) ? undefined : `cannot read the scope ${scope}`
}
