/**
 * Electric's rules for statements that touch an electrified table, as guards (see electric-sql.ts):
 * the proxy reads the statement's parse tree, the server decides whether the table is electrified.
 * Electric 0.x only allows additive changes to an electrified table; this stand-in enforces one rule
 * so far: no ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY (EX007). Add further rules here.
 */
import type { AlterTableCmd, Node, RangeVar } from 'libpg-query'
import { quoteIdentifier } from '../../../src/sql/identifiers.js'
import type { Guard } from './electric-sql.js'

/** The guards of a statement, with the command tag the statement itself would answer; undefined: none. */
export function guardsFor(ast: Node | undefined): { tag: string; guards: Guard[] } | undefined {
  if (!ast || !('AlterTableStmt' in ast)) return undefined
  const { relation, cmds = [], objtype } = ast.AlterTableStmt
  if (objtype !== 'OBJECT_TABLE' || !relation?.relname) return undefined
  const guards = cmds.flatMap((cmd) => ('AlterTableCmd' in cmd ? alterTableGuards(cmd.AlterTableCmd, relation) : []))
  return guards.length > 0 ? { tag: 'ALTER TABLE', guards } : undefined
}

function alterTableGuards(cmd: AlterTableCmd, relation: RangeVar): Guard[] {
  const constraint = cmd.subtype === 'AT_AddConstraint' && cmd.def && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined
  if (constraint?.contype !== 'CONSTR_FOREIGN') return []
  // Electric names the column in this message; for a foreign key it is the referencing column(s).
  const columns = (constraint.fk_attrs ?? []).map((n) => ('String' in n ? (n.String.sval ?? '') : '')).join(', ')
  return [{ relation: sqlName(relation), code: 'EX007', message: `Cannot alter column "${escapeFormat(columns)}" of electrified table %s` }]
}

/** Unqualified names stay unqualified: the server resolves them with its search_path, like the statement. */
function sqlName(relation: RangeVar): string {
  const name = quoteIdentifier(relation.relname ?? '')
  return relation.schemaname ? `${quoteIdentifier(relation.schemaname)}.${name}` : name
}

/** The message goes through format(): a literal % must be written %%. */
function escapeFormat(text: string): string {
  return text.replaceAll('%', '%%')
}
