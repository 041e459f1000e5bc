/**
 * What one SQL statement does to tables, as far as electrify cares: creates, drops, renames,
 * foreign keys, and electrification (DDLX or `CALL electric.electrify(…)`).
 */
import type { AlterTableCmd, ColumnDef, Constraint, FuncCall, Node, RangeVar } from 'libpg-query'
import { DEFAULT_SCHEMA, parseQualifiedName, type TableName } from '../sql/identifiers.js'
import type { SqlStatement } from '../sql/statements.js'

export type TableEvent =
  | { type: 'create'; table: TableName; line: number }
  | { type: 'drop'; table: TableName; line: number }
  | { type: 'rename'; from: TableName; to: TableName; line: number }
  | { type: 'foreign-key'; from: TableName; to: TableName; line: number }
  | { type: 'electrify'; table: TableName; line: number; via: 'ddlx' | 'call' }

export function tableEventsOf(statement: SqlStatement): TableEvent[] {
  const line = statement.line
  if (statement.kind === 'ddlx') {
    return statement.ddlx?.kind === 'enable' ? [{ type: 'electrify', table: statement.ddlx.table, line, via: 'ddlx' }] : []
  }
  const ast = statement.ast
  if (!ast) return []
  if ('CreateStmt' in ast) {
    const { relation, tableElts = [] } = ast.CreateStmt
    if (!relation) return []
    const table = tableOf(relation)
    return [{ type: 'create', table, line }, ...tableElts.flatMap((element) => foreignKeysOfElement(table, element, line))]
  }
  if ('CreateTableAsStmt' in ast) {
    const { into, objtype } = ast.CreateTableAsStmt
    return objtype === 'OBJECT_TABLE' && into?.rel ? [{ type: 'create', table: tableOf(into.rel), line }] : []
  }
  if ('DropStmt' in ast) {
    const { removeType, objects = [] } = ast.DropStmt
    if (removeType !== 'OBJECT_TABLE') return []
    return objects.flatMap((object) => {
      const table = tableOfNameList(object)
      return table ? [{ type: 'drop' as const, table, line }] : []
    })
  }
  if ('RenameStmt' in ast) {
    const { renameType, relation, newname } = ast.RenameStmt
    if (renameType !== 'OBJECT_TABLE' || !relation || !newname) return []
    const from = tableOf(relation)
    return [{ type: 'rename', from, to: { schema: from.schema, name: newname }, line }]
  }
  if ('AlterObjectSchemaStmt' in ast) {
    const { objectType, relation, newschema } = ast.AlterObjectSchemaStmt
    if (objectType !== 'OBJECT_TABLE' || !relation || !newschema) return []
    const from = tableOf(relation)
    return [{ type: 'rename', from, to: { schema: newschema, name: from.name }, line }]
  }
  if ('AlterTableStmt' in ast) {
    const { relation, objtype, cmds = [] } = ast.AlterTableStmt
    if (objtype !== 'OBJECT_TABLE' || !relation) return []
    const table = tableOf(relation)
    return cmds.flatMap((cmd) => ('AlterTableCmd' in cmd ? foreignKeysOfCommand(table, cmd.AlterTableCmd, line) : []))
  }
  if ('CallStmt' in ast) {
    const table = electrifyCallTarget(ast.CallStmt.funccall)
    return table ? [{ type: 'electrify', table, line, via: 'call' }] : []
  }
  return []
}

export function tableOf(relation: RangeVar): TableName {
  return { schema: relation.schemaname ?? DEFAULT_SCHEMA, name: relation.relname ?? '' }
}

/** The table a `DROP TABLE` object names: a list of one (`x`) or more (`schema.x`) strings. */
export function tableOfNameList(node: Node): TableName | undefined {
  if (!('List' in node)) return undefined
  const names = (node.List.items ?? []).map((item) => ('String' in item ? (item.String.sval ?? '') : ''))
  if (names.length === 1) return { schema: DEFAULT_SCHEMA, name: names[0] }
  if (names.length >= 2) return { schema: names[names.length - 2], name: names[names.length - 1] }
  return undefined
}

function foreignKeysOfElement(table: TableName, element: Node, line: number): TableEvent[] {
  if ('Constraint' in element) return foreignKeyOf(table, element.Constraint, line)
  if ('ColumnDef' in element) return foreignKeysOfColumn(table, element.ColumnDef, line)
  return []
}

function foreignKeysOfCommand(table: TableName, cmd: AlterTableCmd, line: number): TableEvent[] {
  const def = cmd.def
  if (!def) return []
  if (cmd.subtype === 'AT_AddConstraint' && 'Constraint' in def) return foreignKeyOf(table, def.Constraint, line)
  if (cmd.subtype === 'AT_AddColumn' && 'ColumnDef' in def) return foreignKeysOfColumn(table, def.ColumnDef, line)
  return []
}

function foreignKeysOfColumn(table: TableName, column: ColumnDef, line: number): TableEvent[] {
  return (column.constraints ?? []).flatMap((c) => ('Constraint' in c ? foreignKeyOf(table, c.Constraint, line) : []))
}

function foreignKeyOf(table: TableName, constraint: Constraint, line: number): TableEvent[] {
  if (constraint.contype !== 'CONSTR_FOREIGN' || !constraint.pktable) return []
  return [{ type: 'foreign-key', from: table, to: tableOf(constraint.pktable), line }]
}

/**
 * `CALL electric.electrify('items')` or `CALL electric.electrify('public', 'items')`: the procedure
 * that ENABLE ELECTRIC runs, which some projects call directly.
 */
function electrifyCallTarget(call: FuncCall | undefined): TableName | undefined {
  if (!call) return undefined
  const { funcname = [], args = [] } = call
  const name = funcname.map((n) => ('String' in n ? n.String.sval : '')).join('.')
  if (name !== 'electric.electrify') return undefined
  const strings = args.map((a) => ('A_Const' in a ? a.A_Const.sval?.sval : undefined))
  if (strings.length === 2 && strings[0] !== undefined && strings[1] !== undefined) return { schema: strings[0], name: strings[1] }
  if (strings.length === 1 && strings[0] !== undefined) return parseQualifiedName(strings[0])
  return undefined
}
