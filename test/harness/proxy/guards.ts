/**
 * Electric's rules for statements that touch an electrified table, as guards (see electric-sql.ts):
 * the proxy reads the statement's parse tree, the server decides whether the table is electrified.
 *
 * Electric 0.x only allows additive changes to an electrified table: `ADD COLUMN` (no DEFAULT, no
 * constraint but NOT NULL, a supported type without modifier), `CREATE INDEX`, `DROP INDEX`, and ALTER
 * TABLE commands that change no column (triggers, owner, storage options …). Everything else is
 * answered as Electric's proxy answers it (Electric.Postgres.Proxy.Errors, its QueryAnalyser and
 * Operation.Disallowed, which adds the "additive migrations" detail to every refusal):
 *
 * | statement on an electrified table | code | message |
 * |---|---|---|
 * | ADD COLUMN of an unsupported type, with a type modifier (TIMESTAMP(3)) or an array | EX005 | Cannot electrify column of type "timestamp(3)" |
 * | ADD COLUMN of an enum type with labels Electric rejects | EX016 | Cannot electrify ENUM … because it contains unsupported values: […] |
 * | ADD COLUMN … DEFAULT | EX006 | Cannot electrify column with DEFAULT clause |
 * | ADD COLUMN with a CHECK, UNIQUE, PRIMARY KEY, FOREIGN KEY, GENERATED or EXCLUDE constraint | EX011 | Cannot electrify column with UNIQUE constraint |
 * | ADD CONSTRAINT (foreign key: names its columns), ALTER COLUMN SET/DROP DEFAULT, SET/DROP NOT NULL, DROP CONSTRAINT, … | EX007 | Cannot alter column "x" of electrified table "public"."t" |
 * | ALTER COLUMN TYPE | EX009 | Cannot change type of column "x" of electrified table … |
 * | DROP COLUMN | EX010 | Cannot drop column "x" of electrified table … |
 * | RENAME TO / RENAME COLUMN / RENAME CONSTRAINT / other renames | EX002 / EX008 / EX012 / EX003 | Cannot rename … |
 * | DROP TABLE | EX100 | Cannot DROP Electrified table … |
 * | SET SCHEMA | EX100 | Invalid destructive migration on Electrified table … |
 */
import type { AlterTableCmd, ColumnDef, Constraint, Node, RangeVar } from 'libpg-query'
import { ADDITIVE_DETAIL, ENUM_LABEL_SQL, SUPPORTED_TYPES, literal, quoteIdent, type Guard } from './electric-sql.js'

/** ALTER TABLE commands Electric lets through on an electrified table. */
const ALLOWED_COMMANDS = new Set([
  'AT_AddColumn', // checked below
  'AT_EnableAlwaysTrig',
  'AT_EnableTrig',
  'AT_EnableReplicaTrig',
  'AT_DisableTrig',
  'AT_ChangeOwner',
  'AT_SetStorage',
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_SetCompression',
  'AT_SetRelOptions',
  'AT_ResetRelOptions',
  'AT_SetAccessMethod',
])

const COLUMN_CONSTRAINTS: Record<string, string> = {
  CONSTR_CHECK: 'CHECK',
  CONSTR_FOREIGN: 'FOREIGN KEY',
  CONSTR_GENERATED: 'GENERATED',
  CONSTR_IDENTITY: 'GENERATED',
  CONSTR_PRIMARY: 'PRIMARY KEY',
  CONSTR_UNIQUE: 'UNIQUE',
  CONSTR_EXCLUSION: 'EXCLUDE',
}

/** The guards of a statement, with the command tag the statement itself would answer; undefined: none. */
export function guardsFor(ast: Node | undefined): { tag: string; guards: Guard[] } | undefined {
  if (!ast) return undefined
  const found = statementGuards(ast)
  return found && found.guards.length > 0 ? found : undefined
}

function statementGuards(ast: Node): { tag: string; guards: Guard[] } | undefined {
  if ('AlterTableStmt' in ast) {
    const { relation, cmds = [], objtype } = ast.AlterTableStmt
    if (objtype !== 'OBJECT_TABLE' || !relation?.relname) return undefined
    // Electric stops at the first command it refuses.
    return { tag: 'ALTER TABLE', guards: cmds.flatMap((cmd) => ('AlterTableCmd' in cmd ? alterTableGuards(cmd.AlterTableCmd, relation) : [])) }
  }
  if ('RenameStmt' in ast) {
    const { renameType, relation, subname } = ast.RenameStmt
    if (!relation?.relname || ['OBJECT_INDEX', 'OBJECT_SEQUENCE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE'].includes(renameType ?? '')) return undefined
    const name = escapeFormat(subname ?? '')
    const [code, message] =
      renameType === 'OBJECT_TABLE'
        ? ['EX002', 'Cannot rename electrified table %s']
        : renameType === 'OBJECT_COLUMN'
          ? ['EX008', `Cannot rename column "${name}" of electrified table %s`]
          : renameType === 'OBJECT_TABCONSTRAINT'
            ? ['EX012', `Cannot rename constraint "${name}" of electrified table %s`]
            : ['EX003', 'Cannot rename property of electrified table %s']
    return { tag: 'ALTER TABLE', guards: [guard(relation, code, message)] }
  }
  if ('AlterObjectSchemaStmt' in ast) {
    const { objectType, relation } = ast.AlterObjectSchemaStmt
    if (objectType !== 'OBJECT_TABLE' || !relation?.relname) return undefined
    return { tag: 'ALTER TABLE', guards: [guard(relation, 'EX100', 'Invalid destructive migration on Electrified table %s')] }
  }
  if ('DropStmt' in ast) {
    const { removeType, objects = [] } = ast.DropStmt
    if (removeType !== 'OBJECT_TABLE') return undefined
    const guards = objects.flatMap((object) => {
      const relation = relationOfNameList(object)
      return relation ? [guard(relation, 'EX100', 'Cannot DROP Electrified table %s')] : []
    })
    return { tag: 'DROP TABLE', guards }
  }
  return undefined
}

function alterTableGuards(cmd: AlterTableCmd, relation: RangeVar): Guard[] {
  const subtype = cmd.subtype ?? ''
  const column = escapeFormat(cmd.name ?? '')
  if (subtype === 'AT_AddColumn') return cmd.def && 'ColumnDef' in cmd.def ? addColumnGuards(cmd.def.ColumnDef, relation) : []
  if (ALLOWED_COMMANDS.has(subtype)) return []
  if (subtype === 'AT_DropColumn') return [guard(relation, 'EX010', `Cannot drop column "${column}" of electrified table %s`)]
  if (subtype === 'AT_AlterColumnType') return [guard(relation, 'EX009', `Cannot change type of column "${column}" of electrified table %s`)]
  if (subtype === 'AT_AddConstraint') {
    const constraint = cmd.def && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined
    // Electric names the column in this message; for a constraint it is the constrained column(s).
    const columns = constraintColumns(constraint).join(', ')
    return [guard(relation, 'EX007', `Cannot alter column "${escapeFormat(columns)}" of electrified table %s`)]
  }
  return [guard(relation, 'EX007', `Cannot alter column "${column}" of electrified table %s`)]
}

/** ADD COLUMN: type, then DEFAULT, then other constraints, as Electric checks them. */
function addColumnGuards(column: ColumnDef, relation: RangeVar): Guard[] {
  const guards: Guard[] = []
  const typeName = column.typeName
  const names = (typeName?.names ?? []).map((n) => ('String' in n ? (n.String.sval ?? '') : ''))
  const name = names.at(-1) ?? ''
  const modifiers = (typeName?.typmods ?? []).map((m) => ('A_Const' in m ? String(m.A_Const.ival?.ival ?? m.A_Const.sval?.sval ?? '') : '?'))
  const array = (typeName?.arrayBounds ?? []).length > 0
  const shown = escapeFormat(`${name}${modifiers.length ? `(${modifiers.join(',')})` : ''}${array ? '[]' : ''}`)
  const builtin = names.length === 2 && names[0] === 'pg_catalog'
  if (modifiers.length > 0 || array || (builtin && !SUPPORTED_TYPES.includes(name))) {
    guards.push(guard(relation, 'EX005', `Cannot electrify column of type "${shown}"`))
  } else if (!(SUPPORTED_TYPES.includes(name) && names.length <= 2)) {
    // Not a built-in name: the server resolves it; only an enum with labels Electric accepts passes.
    const type = `to_regtype(${literal(names.map(quoteIdent).join('.'))})`
    guards.push(guard(relation, 'EX005', `Cannot electrify column of type "${shown}"`, `NOT EXISTS (SELECT FROM pg_type WHERE oid = ${type} AND typtype = 'e')`))
    guards.push(
      guard(
        relation,
        'EX016',
        `Cannot electrify ENUM "${shown}" because it contains unsupported values`,
        `EXISTS (SELECT FROM pg_enum WHERE enumtypid = ${type} AND enumlabel !~* ${literal(ENUM_LABEL_SQL)})`,
      ),
    )
  }
  const constraints = (column.constraints ?? []).flatMap((c) => ('Constraint' in c ? [c.Constraint] : []))
  if (constraints.some((c) => c.contype === 'CONSTR_DEFAULT')) guards.push(guard(relation, 'EX006', 'Cannot electrify column with DEFAULT clause'))
  for (const constraint of constraints) {
    const kind = COLUMN_CONSTRAINTS[constraint.contype ?? '']
    if (kind) guards.push(guard(relation, 'EX011', `Cannot electrify column with ${kind} constraint`))
  }
  return guards
}

function guard(relation: RangeVar, code: string, message: string, condition?: string): Guard {
  return { relation: sqlName(relation), code, message, detail: ADDITIVE_DETAIL, ...(condition ? { condition } : {}) }
}

function constraintColumns(constraint: Constraint | undefined): string[] {
  const keys = constraint?.contype === 'CONSTR_FOREIGN' ? constraint.fk_attrs : constraint?.keys
  return (keys ?? []).map((n) => ('String' in n ? (n.String.sval ?? '') : ''))
}

/** Unqualified names stay unqualified: the server resolves them with its search_path, like the statement. */
function sqlName(relation: RangeVar): string {
  const name = quoteIdent(relation.relname ?? '')
  return relation.schemaname ? `${quoteIdent(relation.schemaname)}.${name}` : name
}

function relationOfNameList(node: Node): RangeVar | undefined {
  if (!('List' in node)) return undefined
  const names = (node.List.items ?? []).map((item) => ('String' in item ? (item.String.sval ?? '') : ''))
  if (names.length === 1) return { relname: names[0] }
  if (names.length >= 2) return { schemaname: names[names.length - 2], relname: names[names.length - 1] }
  return undefined
}

/** The message goes through format(): a literal % must be written %%. */
function escapeFormat(text: string): string {
  return text.replaceAll('%', '%%')
}
