/**
 * Pre-flight: Electric's rules for an electrified table, checked on the annotated models of the Prisma
 * schema before any Prisma command runs (pure). See docs/rules.md.
 */
import path from 'node:path'
import type { Finding } from '../findings.js'
import type { AnnotatedTable } from '../schema/annotations.js'
import type { FieldDefault, ParsedSchema, SchemaEnum, SchemaField, SchemaModel, SourceBlock } from '../schema/types.js'
import { ENUM_LABEL, acceptedAtEnable, prismaColumnType } from './column-types.js'

/** A finding about one model (and field) of the schema. */
export interface SchemaRuleFinding extends Finding {
  model: string
  field?: string
  /** What Electric answers when the rule is broken, e.g. `EX006`; absent when it accepts it. */
  electricCode?: string
}

/** Defaults Prisma fills in on the client (Prisma Client), which leave no DEFAULT in the database. */
const CLIENT_SIDE_DEFAULTS = new Set(['uuid', 'cuid', 'nanoid', 'ulid'])

const UNSUPPORTED_FIELD = /^\s*\w+\s+Unsupported\(\s*"((?:[^"\\]|\\.)*)"\s*\)/

/** Pre-flight of the annotated models, from the schema alone: errors stop a run, warnings do not. */
export function preflightFindings(schema: ParsedSchema, annotated: readonly AnnotatedTable[]): SchemaRuleFinding[] {
  const annotatedModels = new Set(annotated.map((t) => t.model))
  const findings: SchemaRuleFinding[] = []
  for (const table of annotated) {
    const model = schema.models.find((m) => m.name === table.model)
    if (!model) continue
    findings.push(...modelFindings(schema, model, table, annotatedModels))
  }
  return findings
}

function modelFindings(schema: ParsedSchema, model: SchemaModel, table: AnnotatedTable, annotatedModels: ReadonlySet<string>): SchemaRuleFinding[] {
  const findings: SchemaRuleFinding[] = []
  const at = (field?: SchemaField) => ({ model: model.name, file: model.file, line: field?.line ?? model.line, ...(field ? { field: field.name } : {}) })
  const shown = `model ${model.name}`

  if (table.schema !== 'public') {
    findings.push({
      severity: 'error',
      code: 'preflight/schema-not-public',
      ...at(),
      electricCode: 'EX014',
      message: `${shown} is in the database schema "${table.schema}"; Electric only electrifies tables in "public".`,
      hint: `Remove \`@@schema("${table.schema}")\` from ${model.name} (or use \`@@schema("public")\`), or remove its \`/// @electric\`.`,
    })
  }

  if (!model.primaryKey && !model.fields.some((f) => f.isId)) {
    findings.push({
      severity: 'error',
      code: 'preflight/no-primary-key',
      ...at(),
      electricCode: 'EX015',
      message: `${shown} has no primary key; Electric only electrifies tables with one.`,
      hint: `Add an id field such as \`id String @id @default(uuid())\`, or a compound \`@@id([…])\` of the fields that identify a row.`,
    })
  }

  for (const field of model.fields) {
    if (field.kind === 'object') {
      findings.push(...relationFindings(model, field, annotatedModels, at(field)))
      continue
    }
    const name = `${model.name}.${field.name}`
    const defaultFinding = databaseDefault(field)
    if (defaultFinding) {
      findings.push({ severity: 'error', code: 'preflight/database-default', ...at(field), electricCode: 'EX006', message: `${name}: ${defaultFinding.message}`, hint: defaultFinding.hint })
    }
    const typeFinding = field.kind === 'enum' ? enumFinding(schema, field, model.file) : scalarTypeFinding(field)
    if (typeFinding) {
      findings.push({ severity: 'error', ...at(field), ...typeFinding, message: `${name}: ${typeFinding.message}` })
    }
    if (field.isUnique) {
      findings.push(uniqueWarning(at(field), `${name} is \`@unique\``, `Remove \`@unique\` from ${name} and keep values unique in your app (for example a client-generated id).`))
    }
  }

  for (const unique of model.uniqueIndexes) {
    const fields = unique.fields.join(', ')
    findings.push(
      uniqueWarning(
        { ...at(), line: uniqueLine(schema, model, unique.fields) },
        `${shown} has \`@@unique([${fields}])\``,
        `Remove \`@@unique([${fields}])\` from ${model.name}, or make those fields the primary key with \`@@id([${fields}])\` if they identify a row.`,
      ),
    )
  }

  findings.push(...unsupportedFields(schema, model))
  return findings
}

/** Why a field's `@default` becomes a DEFAULT in the database, and what to do instead; undefined when it does not. */
function databaseDefault(field: SchemaField): { message: string; hint: string } | undefined {
  const value = field.default
  if (!field.hasDefaultValue || value === undefined) return undefined
  if (isFunction(value)) {
    if (CLIENT_SIDE_DEFAULTS.has(value.name)) return undefined
    const written = `@default(${value.name}(${value.args.map((a) => (typeof a === 'string' ? JSON.stringify(a) : a)).join(', ')}))`
    const message = `\`${written}\` makes a column DEFAULT in the database, which Electric rejects (clients create rows without the server).`
    switch (value.name) {
      case 'autoincrement':
        return {
          message,
          hint: field.isId
            ? `Use \`@default(uuid())\` instead of \`autoincrement()\`, on a String id: \`${field.name} String @id @default(uuid())\`.`
            : `Remove \`@default(autoincrement())\` and set ${field.name} in your app; where you need a unique value, use \`String @default(uuid())\` instead of \`autoincrement()\`.`,
        }
      case 'now':
        return {
          message,
          hint: field.isUpdatedAt
            ? `Remove \`@default(now())\`: \`@updatedAt\` alone is set by Prisma Client, not the database.`
            : `Remove \`@default(now())\` and set ${field.name} when you create the row (\`new Date()\`); use \`@updatedAt\` for a last-changed time.`,
        }
      case 'dbgenerated':
        return { message, hint: `Remove \`${written}\` and compute the value in your app; for ids use \`@default(uuid())\`.` }
      case 'sequence':
        return { message, hint: `Use \`@default(uuid())\` instead of \`sequence()\`.` }
      default:
        return { message, hint: `Remove \`${written}\` and set ${field.name} in your app when you create the row.` }
    }
  }
  const literal = Array.isArray(value) ? `[${value.join(', ')}]` : typeof value === 'string' && field.kind !== 'enum' ? JSON.stringify(value) : String(value)
  return {
    message: `\`@default(${literal})\` makes a column DEFAULT in the database, which Electric rejects (clients create rows without the server).`,
    hint: `Remove \`@default(${literal})\` and set ${field.name} to ${literal} in your app when you create the row.`,
  }
}

function isFunction(value: FieldDefault): value is { name: string; args: readonly (string | number)[] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

type TypeFinding = Pick<SchemaRuleFinding, 'code' | 'message' | 'hint' | 'electricCode'>

function scalarTypeFinding(field: SchemaField): TypeFinding | undefined {
  if (field.kind !== 'scalar') return undefined
  const type = prismaColumnType(field.type, field.nativeType)
  if (field.isList) {
    return {
      code: 'preflight/unsupported-type',
      electricCode: 'EX005',
      message: `the list \`${field.type}[]\` becomes a Postgres array${type ? ` (${type.sql}[])` : ''}, which Electric does not sync.`,
      hint: `Store the values in a separate electrified model with a relation, or as \`Json\` (jsonb).`,
    }
  }
  if (!type || acceptedAtEnable(type)) return undefined
  const written = field.nativeType ? `${field.type} @db.${field.nativeType.name}${field.nativeType.args.length ? `(${field.nativeType.args.join(', ')})` : ''}` : field.type
  return { code: 'preflight/unsupported-type', electricCode: 'EX005', message: `\`${written}\` becomes ${type.sql}, a column type Electric does not support.`, hint: typeHint(field, type.name) }
}

function typeHint(field: SchemaField, typname: string): string {
  switch (typname) {
    case 'varchar':
      return `Remove the length: \`@db.VarChar\` without \`(n)\`, or no native type (TEXT); check the length in your app.`
    case 'numeric':
      return `Use \`Float\` (float8), or store exact amounts as \`Int\`/\`BigInt\` in the smallest unit (e.g. cents) or as \`String\`.`
    case 'json':
      return `Use \`Json\` without \`@db.Json\` (Prisma then makes JSONB, which Electric supports).`
    case 'bpchar':
      return `Use \`String\` without \`@db.Char\` (TEXT), or \`@db.VarChar\` without a length.`
    case 'timetz':
      return `Use \`@db.Timestamptz\` or \`@db.Time\` instead of \`@db.Timetz\`.`
    case 'money':
      return `Use \`Int\`/\`BigInt\` in the smallest unit (e.g. cents) instead of \`@db.Money\`.`
    default:
      return `Use a type Electric supports: String, Int, BigInt, Float, Boolean, DateTime, Json, Bytes, an enum, or \`@db.Uuid\`, \`@db.Date\`, \`@db.Time\`, \`@db.Timestamptz\`, \`@db.SmallInt\`, \`@db.Real\` (not \`@db.${field.nativeType?.name ?? typname}\`).`
  }
}

function enumFinding(schema: ParsedSchema, field: SchemaField, modelFile: string): TypeFinding | undefined {
  if (field.isList) {
    return {
      code: 'preflight/unsupported-type',
      electricCode: 'EX005',
      message: `the list \`${field.type}[]\` becomes a Postgres array of the enum, which Electric does not sync.`,
      hint: `Store the values in a separate electrified model with a relation instead of an enum list.`,
    }
  }
  const enumeration: SchemaEnum | undefined = schema.enums.find((e) => e.name === field.type)
  if (!enumeration) return undefined
  const bad = enumeration.values.filter((v) => !ENUM_LABEL.test(v.dbName ?? v.name))
  if (bad.length === 0) return undefined
  const labels = bad.map((v) => `"${v.dbName ?? v.name}"`).join(', ')
  return {
    code: 'preflight/enum-label',
    electricCode: 'EX016',
    message: `enum ${enumeration.name} (line ${bad[0]!.line}${enumeration.file === modelFile ? '' : ` of ${path.basename(enumeration.file)}`}) has database label${bad.length > 1 ? 's' : ''} ${labels}; Electric only accepts labels that start with a letter and hold only letters, digits and \`_\`.`,
    hint: `Rename ${bad.length > 1 ? 'them' : 'it'} (or change its \`@map("…")\`) to a label such as "${suggestLabel(bad[0]!.dbName ?? bad[0]!.name)}".`,
  }
}

function suggestLabel(label: string): string {
  const cleaned = label.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '')
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `v_${cleaned || 'value'}`
}

function relationFindings(
  model: SchemaModel,
  field: SchemaField,
  annotatedModels: ReadonlySet<string>,
  at: { model: string; field?: string; file: string; line: number },
): SchemaRuleFinding[] {
  const fromFields = field.relationFromFields ?? []
  if (fromFields.length > 0 && !annotatedModels.has(field.type)) {
    return [
      {
        severity: 'error',
        code: 'preflight/foreign-key-target',
        ...at,
        message: `${model.name}.${field.name}: the foreign key (${fromFields.join(', ')}) points at model ${field.type}, which is not electrified; clients could not resolve it.`,
        hint: `Annotate model ${field.type} with \`/// @electric\` too, or remove the relation from ${model.name}.`,
      },
    ]
  }
  return []
}

function uniqueWarning(at: { model: string; field?: string; file: string; line: number }, what: string, hint: string): SchemaRuleFinding {
  return {
    severity: 'warning',
    code: 'preflight/unique',
    ...at,
    message: `${what}; Electric cannot enforce uniqueness across clients that write offline, so two clients can still create the same value.`,
    hint,
  }
}

function uniqueLine(schema: ParsedSchema, model: SchemaModel, fields: readonly string[]): number {
  const file = schema.files.find((f) => f.path === model.file)
  if (!file) return model.line
  const lines = file.content.split('\n')
  for (let i = model.line; i < lines.length && lines[i]!.trim() !== '}'; i++) {
    const line = lines[i]!
    if (/@@unique\s*\(/.test(line) && fields.every((f) => new RegExp(`\\b${f}\\b`).test(line))) return i + 1
  }
  return model.line
}

/** Fields of type `Unsupported("…")`: Prisma keeps them out of its DMMF, but the column exists. */
function unsupportedFields(schema: ParsedSchema, model: SchemaModel): SchemaRuleFinding[] {
  const block: SourceBlock | undefined = schema.blocks.find((b) => b.kind === 'model' && b.name === model.name)
  const file = schema.files.find((f) => f.path === model.file)
  if (!block || !file) return []
  const lines = file.content.split('\n')
  const known = new Set(model.fields.map((f) => f.name))
  const findings: SchemaRuleFinding[] = []
  for (const [name, line] of block.members) {
    if (known.has(name)) continue
    const match = UNSUPPORTED_FIELD.exec(lines[line - 1] ?? '')
    if (!match) continue
    findings.push({
      severity: 'error',
      code: 'preflight/unsupported-type',
      model: model.name,
      field: name,
      file: model.file,
      line,
      electricCode: 'EX005',
      message: `${model.name}.${name}: \`Unsupported("${match[1]}")\` is a column type Electric does not support.`,
      hint: `Use a type Electric supports (String, Int, BigInt, Float, Boolean, DateTime, Json, Bytes, an enum) or move the column to a model that is not electrified.`,
    })
  }
  return findings
}
