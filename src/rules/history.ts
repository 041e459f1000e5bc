/**
 * Electric's rules for a migration history (pure): once a table is electrified, later statements — in
 * later migrations, and later in the same migration — may only add columns (without DEFAULT, without
 * constraints, of a supported type without a type modifier) and create or drop indexes. An ENABLE
 * placed before a foreign key on the same table in one migration is reported as a placement error.
 * See docs/rules.md.
 */
import type { AlterTableCmd, ColumnDef, Constraint, Node, TypeName } from 'libpg-query'
import type { Code } from '../codes.js'
import type { Finding } from '../findings.js'
import { applyTableEvent, emptyTableHistory, type ElectrifyEvent } from '../history/table-history.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import { tableEventsOf, tableOf, tableOfNameList } from '../migrations/table-events.js'
import { quoteTableName, tableKey, type TableName } from '../sql/identifiers.js'
import type { SqlStatement } from '../sql/statements.js'
import { ENUM_LABEL, SUPPORTED_TYPES } from './column-types.js'

/** A finding about one statement of a migration. */
export interface HistoryRuleFinding extends Finding {
  file: string
  line: number
  /** The migration's folder name. */
  migration: string
  /** The electrified table the statement changes, `schema.name`. */
  table: string
  /** The statement, as written (shortened when long). */
  statement: string
  /** What Electric answers, e.g. `EX010`. */
  electricCode?: string
}

interface Violation {
  table: TableName
  code: Code
  electricCode?: string
  /** What the statement does wrong, as the end of a sentence starting with the statement. */
  what: string
  hint: string
  foreignKey?: boolean
}

/** ALTER TABLE commands Electric lets through on an electrified table (they change no column). */
const HARMLESS_COMMANDS = new Set([
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

const CONSTRAINT_NAMES: Record<string, string> = {
  CONSTR_CHECK: 'CHECK',
  CONSTR_FOREIGN: 'FOREIGN KEY',
  CONSTR_GENERATED: 'GENERATED',
  CONSTR_IDENTITY: 'GENERATED … AS IDENTITY',
  CONSTR_PRIMARY: 'PRIMARY KEY',
  CONSTR_UNIQUE: 'UNIQUE',
  CONSTR_EXCLUSION: 'EXCLUDE',
}

const ADDITIVE_ONLY = 'Electric only allows adding columns and creating or dropping indexes on an electrified table.'

/** Additive-only changes and DDLX placement over a whole migration history, oldest migration first. */
export function historyFindings(history: readonly AnalyzedMigration[]): HistoryRuleFinding[] {
  // Each statement is judged against the tables electrified before it, so the history is folded
  // statement by statement rather than replayed at once.
  const state = emptyTableHistory()
  /** Enum types the history creates, with their labels, keyed by `schema.name`. */
  const enums = new Map<string, string[]>()
  const findings: HistoryRuleFinding[] = []
  for (const migration of history) {
    for (const statement of migration.statements) {
      if (statement.kind === 'sql' && statement.ast) {
        for (const violation of violationsOf(statement.ast, (t) => state.electrified.has(tableKey(t)), enums)) {
          findings.push(findingOf(violation, statement, migration, state.electrified.get(tableKey(violation.table))!))
        }
        trackEnums(statement.ast, enums)
      }
      for (const event of tableEventsOf(statement)) applyTableEvent(state, event, migration)
    }
  }
  return findings
}

function findingOf(violation: Violation, statement: SqlStatement, migration: AnalyzedMigration, enabled: ElectrifyEvent): HistoryRuleFinding {
  const sameMigration = enabled.migration === migration.name
  const shown = quoteTableName(violation.table)
  const text = shorten(statement.text)
  const base = { file: migration.file, line: statement.line, migration: migration.name, table: tableKey(violation.table), statement: text }
  const electric = violation.electricCode ? ` (Electric answers ${violation.electricCode})` : ''
  if (sameMigration && violation.foreignKey) {
    return {
      severity: 'error',
      code: 'placement/enable-before-foreign-key',
      ...base,
      electricCode: 'EX007',
      message: `\`${text}\` adds a foreign key to ${shown}, which line ${enabled.line} of this migration has already electrified; Electric rejects it (EX007) because a table counts as electrified as soon as ENABLE runs.`,
      hint: `Move \`ALTER TABLE ${shown} ENABLE ELECTRIC;\` (line ${enabled.line}) to the very end of the migration, after every foreign key.`,
    }
  }
  const where = sameMigration ? `line ${enabled.line} of this migration` : `migration ${enabled.migration}`
  const hint = sameMigration
    ? `${violation.hint} Or, if ${shown} is new, move its ENABLE ELECTRIC (line ${enabled.line}) to the very end of the migration.`
    : violation.hint
  return {
    severity: 'error',
    code: violation.code,
    ...base,
    ...(violation.electricCode ? { electricCode: violation.electricCode } : {}),
    message: `\`${text}\` ${violation.what} ${shown}, electrified in ${where}${electric}. ${ADDITIVE_ONLY}`,
    hint,
  }
}

/** What a statement does to electrified tables that Electric rejects. */
function violationsOf(ast: Node, isElectrified: (table: TableName) => boolean, enums: ReadonlyMap<string, string[]>): Violation[] {
  if ('AlterTableStmt' in ast) {
    const { relation, objtype, cmds = [] } = ast.AlterTableStmt
    if (objtype !== 'OBJECT_TABLE' || !relation) return []
    const table = tableOf(relation)
    if (!isElectrified(table)) return []
    return cmds.flatMap((cmd) => ('AlterTableCmd' in cmd ? commandViolations(table, cmd.AlterTableCmd, enums) : []))
  }
  if ('RenameStmt' in ast) {
    const { renameType, relation, subname, newname } = ast.RenameStmt
    if (!relation || renameType === 'OBJECT_INDEX' || renameType === 'OBJECT_SEQUENCE' || renameType === 'OBJECT_VIEW' || renameType === 'OBJECT_MATVIEW') return []
    const table = tableOf(relation)
    if (!isElectrified(table)) return []
    const hint = `Keep the old name: undo the rename in the Prisma schema with \`@map("${subname ?? relation.relname}")\`/\`@@map\`, and recreate the migration.`
    switch (renameType) {
      case 'OBJECT_TABLE':
        return [{ table, code: 'additive/rename', electricCode: 'EX002', what: `renames (to "${newname}")`, hint: `Keep the table name: add \`@@map("${relation.relname}")\` to the model, and recreate the migration.` }]
      case 'OBJECT_COLUMN':
        return [{ table, code: 'additive/rename', electricCode: 'EX008', what: `renames column "${subname}" (to "${newname}") of`, hint }]
      case 'OBJECT_TABCONSTRAINT':
        return [{ table, code: 'additive/rename', electricCode: 'EX012', what: `renames constraint "${subname}" (to "${newname}") of`, hint: `Keep the constraint name: set \`map: "${subname}"\` on the relation or id in the Prisma schema, and recreate the migration.` }]
      default:
        return [{ table, code: 'additive/rename', electricCode: 'EX003', what: `renames a property of`, hint: `Remove the rename from the migration.` }]
    }
  }
  if ('AlterObjectSchemaStmt' in ast) {
    const { objectType, relation, newschema } = ast.AlterObjectSchemaStmt
    if (objectType !== 'OBJECT_TABLE' || !relation) return []
    const table = tableOf(relation)
    if (!isElectrified(table)) return []
    return [{ table, code: 'additive/rename', electricCode: 'EX100', what: `moves (to schema "${newschema}")`, hint: `Keep the table in "public": remove \`@@schema\` from the model, and recreate the migration.` }]
  }
  if ('DropStmt' in ast) {
    const { removeType, objects = [] } = ast.DropStmt
    if (removeType !== 'OBJECT_TABLE') return []
    return objects.flatMap((object) => {
      const table = tableOfNameList(object)
      if (!table || !isElectrified(table)) return []
      return [{ table, code: 'additive/drop-table', electricCode: 'EX100', what: 'drops', hint: `Keep the model in the Prisma schema (stop using it instead), and recreate the migration.` }]
    })
  }
  return []
}

function commandViolations(table: TableName, cmd: AlterTableCmd, enums: ReadonlyMap<string, string[]>): Violation[] {
  const subtype = cmd.subtype ?? ''
  const column = cmd.name ?? ''
  const recreate = 'and recreate the migration'
  switch (subtype) {
    case 'AT_AddColumn':
      return cmd.def && 'ColumnDef' in cmd.def ? addColumnViolations(table, cmd.def.ColumnDef, enums) : []
    case 'AT_DropColumn':
      return [{ table, code: 'additive/drop-column', electricCode: 'EX010', what: `drops column "${column}" of`, hint: `Keep the field in the Prisma schema (make it optional and stop using it instead), ${recreate}.` }]
    case 'AT_AlterColumnType':
      return [{ table, code: 'additive/alter-column', electricCode: 'EX009', what: `changes the type of column "${column}" of`, hint: `Keep the field's type; add a new field of the new type instead, ${recreate}.` }]
    case 'AT_ColumnDefault':
      return [{ table, code: 'additive/alter-column', electricCode: 'EX007', what: `changes the DEFAULT of column "${column}" of`, hint: `Remove the \`@default(…)\` change from the field (set the value in your app), ${recreate}.` }]
    case 'AT_SetNotNull':
    case 'AT_DropNotNull':
      return [{ table, code: 'additive/alter-column', electricCode: 'EX007', what: `changes whether column "${column}" may be NULL on`, hint: `Keep the field's optionality (\`?\`) as it was, ${recreate}.` }]
    case 'AT_AddConstraint': {
      const constraint = cmd.def && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined
      const kind = CONSTRAINT_NAMES[constraint?.contype ?? ''] ?? 'a'
      const foreignKey = constraint?.contype === 'CONSTR_FOREIGN'
      return [
        {
          table,
          code: 'additive/add-constraint',
          electricCode: 'EX007',
          what: `adds a ${kind} constraint to`,
          hint: foreignKey
            ? `A new relation from an electrified model needs a new table: put the relation on a new model, ${recreate}.`
            : `Remove the constraint from the migration (for \`@@unique\`/\`@unique\` Prisma makes an index, which is allowed).`,
          foreignKey,
        },
      ]
    }
    case 'AT_DropConstraint':
      return [{ table, code: 'additive/drop-constraint', electricCode: 'EX007', what: `drops constraint "${column}" of`, hint: `Keep the relation or id in the Prisma schema, ${recreate}.` }]
    default:
      if (HARMLESS_COMMANDS.has(subtype)) return []
      return [{ table, code: 'additive/alter-column', electricCode: 'EX007', what: `alters${column ? ` column "${column}" of` : ''}`, hint: `Remove this change from the migration.` }]
  }
}

function addColumnViolations(table: TableName, column: ColumnDef, enums: ReadonlyMap<string, string[]>): Violation[] {
  const name = column.colname ?? ''
  const violations: Violation[] = []
  const type = column.typeName ? typeProblem(column.typeName, enums) : undefined
  if (type) violations.push({ table, code: 'additive/column-type', electricCode: type.electricCode, what: `adds column "${name}" ${type.what} to`, hint: type.hint })
  const constraints = (column.constraints ?? []).flatMap((c) => ('Constraint' in c ? [c.Constraint] : []))
  if (constraints.some((c) => c.contype === 'CONSTR_DEFAULT')) {
    violations.push({
      table,
      code: 'additive/column-default',
      electricCode: 'EX006',
      what: `adds column "${name}" with a DEFAULT to`,
      hint: `Remove \`@default(…)\` from the new field (make it optional, \`?\`, if rows exist) and set it in your app, then recreate the migration.`,
    })
  }
  for (const constraint of constraints.filter(isRejectedColumnConstraint)) {
    violations.push({
      table,
      code: 'additive/column-constraint',
      electricCode: 'EX011',
      what: `adds column "${name}" with a ${CONSTRAINT_NAMES[constraint.contype!]} constraint to`,
      hint: `Add the column without the constraint, then recreate the migration.`,
      foreignKey: constraint.contype === 'CONSTR_FOREIGN',
    })
  }
  return violations
}

function isRejectedColumnConstraint(constraint: Constraint): boolean {
  return constraint.contype !== undefined && constraint.contype in CONSTRAINT_NAMES
}

/** Why an added column's type is rejected, or undefined when Electric accepts it. */
function typeProblem(typeName: TypeName, enums: ReadonlyMap<string, string[]>): { what: string; hint: string; electricCode: string } | undefined {
  const names = (typeName.names ?? []).map((n) => ('String' in n ? (n.String.sval ?? '') : ''))
  const name = names.at(-1) ?? ''
  const builtin = (names.length === 2 && names[0] === 'pg_catalog') || names.length === 1
  const modifiers = (typeName.typmods ?? []).map(constantText)
  const array = (typeName.arrayBounds ?? []).length > 0
  const shown = `${name}${modifiers.length ? `(${modifiers.join(',')})` : ''}${array ? '[]' : ''}`
  const enumLabels = names.length === 1 ? enums.get(`public.${name}`) : names.length === 2 ? enums.get(`${names[0]}.${name}`) : undefined
  if (enumLabels && !array) {
    const bad = enumLabels.filter((l) => !ENUM_LABEL.test(l))
    if (bad.length === 0) return undefined
    return {
      electricCode: 'EX016',
      what: `of enum type "${name}" with label${bad.length > 1 ? 's' : ''} ${bad.map((l) => `"${l}"`).join(', ')} that Electric rejects,`,
      hint: `Rename the enum's labels (or their \`@map\`) to start with a letter and hold only letters, digits and \`_\`.`,
    }
  }
  if (builtin && SUPPORTED_TYPES.has(name) && modifiers.length === 0 && !array) return undefined
  const hint = typeHint(name, modifiers, array)
  return { electricCode: 'EX005', what: `of type ${shown}, which Electric does not accept for a new column,`, hint }
}

const NATIVE_ATTRIBUTE: Record<string, string> = { timestamp: 'Timestamp', timestamptz: 'Timestamptz', time: 'Time', varchar: 'VarChar' }

function typeHint(name: string, modifiers: readonly string[], array: boolean): string {
  if (array) return `Store the values in a new electrified model with a relation, or as \`Json\` (jsonb), then recreate the migration.`
  if (SUPPORTED_TYPES.has(name) && modifiers.length > 0) {
    const attribute = NATIVE_ATTRIBUTE[name]
    const schemaFix = attribute ? `give the new field \`@db.${attribute}\` with no argument (Prisma then writes ${name.toUpperCase()}) and recreate the migration, or ` : ''
    return `A column added to an electrified table cannot have a type modifier: ${schemaFix}edit the migration to write ${name.toUpperCase()} instead of ${name.toUpperCase()}(${modifiers.join(',')}).`
  }
  if (name === 'numeric') return `Use \`Float\`, or \`Int\`/\`BigInt\` in the smallest unit (e.g. cents), instead of \`Decimal\` for the new field, then recreate the migration.`
  if (name === 'json') return `Use \`Json\` without \`@db.Json\` (JSONB) for the new field, then recreate the migration.`
  return `Use a type Electric supports (${[...SUPPORTED_TYPES].join(', ')}, or an enum) for the new field, then recreate the migration.`
}

function constantText(node: Node): string {
  if ('A_Const' in node) {
    const value = node.A_Const
    if (value.ival) return String(value.ival.ival ?? 0)
    if (value.sval) return value.sval.sval ?? ''
    if (value.fval) return value.fval.fval ?? ''
  }
  if ('ColumnRef' in node) return (node.ColumnRef.fields ?? []).map((f) => ('String' in f ? f.String.sval : '')).join('.')
  return '?'
}

function trackEnums(ast: Node, enums: Map<string, string[]>): void {
  if ('CreateEnumStmt' in ast) {
    const key = typeKey(ast.CreateEnumStmt.typeName ?? [])
    enums.set(key, (ast.CreateEnumStmt.vals ?? []).map((v) => ('String' in v ? (v.String.sval ?? '') : '')))
  } else if ('AlterEnumStmt' in ast) {
    const { typeName = [], newVal, oldVal } = ast.AlterEnumStmt
    const labels = enums.get(typeKey(typeName))
    if (!labels || newVal === undefined) return
    if (oldVal) labels.splice(labels.indexOf(oldVal), 1, newVal)
    else labels.push(newVal)
  } else if ('DropStmt' in ast && ast.DropStmt.removeType === 'OBJECT_TYPE') {
    for (const object of ast.DropStmt.objects ?? []) {
      if ('TypeName' in object) enums.delete(typeKey(object.TypeName.names ?? []))
    }
  }
}

function typeKey(names: readonly Node[]): string {
  const parts = names.map((n) => ('String' in n ? (n.String.sval ?? '') : ''))
  return parts.length >= 2 ? `${parts.at(-2)}.${parts.at(-1)}` : `public.${parts[0] ?? ''}`
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat
}

