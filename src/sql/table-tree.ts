/**
 * A statement's parse tree cut down to what electrify reads from it: which table a statement creates,
 * drops, renames, moves, alters or electrifies, its foreign keys, the commands of an ALTER TABLE with
 * the names, types and constraint kinds of added columns, and enum labels. Everything else (positions,
 * expressions, defaults, USING clauses, column lists of CREATE TABLE) is dropped.
 *
 * It keeps a migration's analysis small enough to cache (a full tree is 5-10 times its SQL) and to
 * hold for a long history, and it is the same tree whether the analysis was just computed or read
 * from the cache. Code that reads another field of a statement's tree must keep it here.
 */
import type { A_Const, AlterTableCmd, ColumnDef, Constraint, FuncCall, Node, RangeVar, TypeName } from 'libpg-query'

/** A node of a kind electrify does not read (its place in a list is kept). */
const OTHER = Object.freeze({}) as Node

/** The reduced tree of a statement, or undefined when electrify reads nothing from its kind. */
export function tableTree(ast: Node): Node | undefined {
  if ('CreateStmt' in ast) {
    const { relation, tableElts = [] } = ast.CreateStmt
    return { CreateStmt: compact({ relation: relation && rangeVar(relation), tableElts: tableElts.flatMap(foreignKeyElement) }) }
  }
  if ('CreateTableAsStmt' in ast) {
    const { into, objtype } = ast.CreateTableAsStmt
    return { CreateTableAsStmt: compact({ objtype, into: into?.rel && { rel: rangeVar(into.rel) } }) }
  }
  if ('DropStmt' in ast) {
    const { removeType, objects = [] } = ast.DropStmt
    return { DropStmt: compact({ removeType, objects: objects.map(droppedObject) }) }
  }
  if ('RenameStmt' in ast) {
    const { renameType, relation, subname, newname } = ast.RenameStmt
    return { RenameStmt: compact({ renameType, relation: relation && rangeVar(relation), subname, newname }) }
  }
  if ('AlterObjectSchemaStmt' in ast) {
    const { objectType, relation, newschema } = ast.AlterObjectSchemaStmt
    return { AlterObjectSchemaStmt: compact({ objectType, relation: relation && rangeVar(relation), newschema }) }
  }
  if ('AlterTableStmt' in ast) {
    const { relation, objtype, cmds = [] } = ast.AlterTableStmt
    return { AlterTableStmt: compact({ relation: relation && rangeVar(relation), objtype, cmds: cmds.map((c) => ('AlterTableCmd' in c ? { AlterTableCmd: alterTableCmd(c.AlterTableCmd) } : OTHER)) }) }
  }
  if ('CallStmt' in ast) {
    const call = ast.CallStmt.funccall
    return { CallStmt: compact({ funccall: call && funcCall(call) }) }
  }
  if ('CreateEnumStmt' in ast) {
    const { typeName, vals } = ast.CreateEnumStmt
    return { CreateEnumStmt: compact({ typeName: typeName?.map(stringNode), vals: vals?.map(stringNode) }) }
  }
  if ('AlterEnumStmt' in ast) {
    const { typeName, newVal, oldVal } = ast.AlterEnumStmt
    return { AlterEnumStmt: compact({ typeName: typeName?.map(stringNode), newVal, oldVal }) }
  }
  return undefined
}

function rangeVar({ schemaname, relname }: RangeVar): RangeVar {
  return compact({ schemaname, relname })
}

/** CREATE TABLE keeps only its foreign keys, inline (`REFERENCES`) or as table constraints. */
function foreignKeyElement(element: Node): Node[] {
  if ('Constraint' in element) return isForeignKey(element.Constraint) ? [{ Constraint: constraint(element.Constraint) }] : []
  if ('ColumnDef' in element) {
    const constraints = (element.ColumnDef.constraints ?? []).filter((c) => 'Constraint' in c && isForeignKey(c.Constraint))
    return constraints.length > 0 ? [{ ColumnDef: { constraints: constraints.map((c) => ({ Constraint: constraint((c as { Constraint: Constraint }).Constraint) })) } }] : []
  }
  return []
}

function isForeignKey(c: Constraint): boolean {
  return c.contype === 'CONSTR_FOREIGN'
}

function constraint({ contype, pktable }: Constraint): Constraint {
  return compact({ contype, pktable: pktable && rangeVar(pktable) })
}

function alterTableCmd({ subtype, name, def }: AlterTableCmd): AlterTableCmd {
  let kept: Node | undefined
  if (def && 'ColumnDef' in def) kept = { ColumnDef: columnDef(def.ColumnDef) }
  else if (def && 'Constraint' in def) kept = { Constraint: constraint(def.Constraint) }
  return compact({ subtype, name, def: kept })
}

function columnDef({ colname, typeName, constraints }: ColumnDef): ColumnDef {
  return compact({
    colname,
    typeName: typeName && typeNameOf(typeName),
    constraints: constraints?.map((c) => ('Constraint' in c ? { Constraint: constraint(c.Constraint) } : OTHER)),
  })
}

function typeNameOf({ names, typmods, arrayBounds }: TypeName): TypeName {
  return compact({ names: names?.map(stringNode), typmods: typmods?.map(constant), arrayBounds: arrayBounds?.map(() => OTHER) })
}

/** A type modifier or CALL argument: a constant or a column name is shown, anything else is not. */
function constant(node: Node): Node {
  if ('A_Const' in node) {
    const { ival, sval, fval, boolval, isnull } = node.A_Const
    return { A_Const: compact<A_Const>({ ival, sval, fval, boolval, isnull }) }
  }
  if ('ColumnRef' in node) return { ColumnRef: { fields: (node.ColumnRef.fields ?? []).map(stringNode) } }
  return OTHER
}

function funcCall({ funcname, args }: FuncCall): FuncCall {
  return compact({ funcname: funcname?.map(stringNode), args: args?.map(constant) })
}

/** DROP TABLE names tables as lists of strings, DROP TYPE as type names. */
function droppedObject(node: Node): Node {
  if ('List' in node) return { List: { items: (node.List.items ?? []).map(stringNode) } }
  if ('TypeName' in node) return { TypeName: compact({ names: node.TypeName.names?.map(stringNode) }) }
  return OTHER
}

function stringNode(node: Node): Node {
  return 'String' in node ? { String: compact({ sval: node.String.sval }) } : OTHER
}

/** Leaves out undefined fields, so that a tree read back from JSON equals the one written. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key]
  return value
}
