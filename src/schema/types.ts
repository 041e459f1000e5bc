/**
 * The Prisma schema as electrify sees it: Prisma's own reading (the DMMF datamodel, the datasource)
 * plus where each part stands in the source, which the DMMF does not say.
 */

/** One `.prisma` file: absolute path and text. */
export interface SchemaFile {
  path: string
  content: string
}

export interface SourcePosition {
  /** Absolute path of the `.prisma` file. */
  file: string
  /** 1-based line. */
  line: number
}

export type FieldKind = 'scalar' | 'object' | 'enum' | 'unsupported'

export type DefaultScalar = string | number | boolean

/** A default written as a function: `now()`, `autoincrement()`, `uuid(4)` (args as Prisma gives them), `dbgenerated("…")`. */
export interface DefaultFunction {
  name: string
  args: readonly (string | number)[]
}

/** As in Prisma's DMMF: a function, a literal (an enum default is its value's name), or a list of literals. */
export type FieldDefault = DefaultFunction | DefaultScalar | readonly DefaultScalar[]

/** A native type attribute, e.g. `@db.VarChar(191)` → `{ name: 'VarChar', args: ['191'] }`. */
export interface NativeType {
  name: string
  args: readonly string[]
}

export interface SchemaField {
  name: string
  /** The column name given with `@map`, or null when it is the field name. */
  dbName: string | null
  /** 1-based line in the file of the model (or view, or type) that holds the field. */
  line: number
  kind: FieldKind
  /** `String`, `Int`, … for scalars; the model, enum or composite type name otherwise. */
  type: string
  nativeType: NativeType | null
  isList: boolean
  isRequired: boolean
  isId: boolean
  isUnique: boolean
  /** A scalar that a relation writes (a foreign-key column). */
  isReadOnly: boolean
  isUpdatedAt: boolean
  hasDefaultValue: boolean
  default?: FieldDefault
  relationName?: string
  relationFromFields?: readonly string[]
  relationToFields?: readonly string[]
  relationOnDelete?: string
  relationOnUpdate?: string
  documentation?: string
}

export interface PrimaryKey {
  name: string | null
  fields: readonly string[]
}

export interface UniqueIndex {
  name: string | null
  fields: readonly string[]
}

export interface SchemaModel extends SourcePosition {
  name: string
  /** The table name given with `@@map`, or null when it is the model name. */
  dbName: string | null
  /** The `@@schema` name, or null when the model has none. */
  schema: string | null
  /** The `///` doc comment above the model, lines joined with `\n`. */
  documentation?: string
  fields: readonly SchemaField[]
  /** A compound `@@id`; a single `@id` shows as `isId` on its field instead. */
  primaryKey: PrimaryKey | null
  /** Compound `@@unique`s; a single `@unique` shows as `isUnique` on its field instead. */
  uniqueIndexes: readonly UniqueIndex[]
}

/** Views have the same shape as models (Prisma's DMMF lists them among the models). */
export type SchemaView = SchemaModel

export interface SchemaEnumValue {
  name: string
  /** The label in the database given with `@map`, or null when it is the name. */
  dbName: string | null
  line: number
}

export interface SchemaEnum extends SourcePosition {
  name: string
  /** The type name given with `@@map`, or null. */
  dbName: string | null
  documentation?: string
  values: readonly SchemaEnumValue[]
}

/** A composite type (`type X { … }`, MongoDB only). */
export interface SchemaCompositeType extends SourcePosition {
  name: string
  documentation?: string
  fields: readonly SchemaField[]
}

export interface SchemaDatasource extends SourcePosition {
  name: string
  provider: string
  /** The `schemas = [...]` list (multiSchema), empty when not given. */
  schemas: readonly string[]
}

export type BlockKind = 'model' | 'view' | 'enum' | 'type' | 'datasource' | 'generator'

/** A `//` comment as written; Prisma keeps only `///` ones, and only directly above a block or field. */
export interface SchemaComment {
  line: number
  /** How many slashes open it: 2 for a plain comment, 3 (or more) for a doc comment. */
  slashes: number
  /** The text after the slashes. */
  text: string
}

/** A top-level block as it stands in the source, with the comments Prisma may have dropped. */
export interface SourceBlock extends SourcePosition {
  kind: BlockKind
  name: string
  /** Line of each field (models, views, types) or value (enums), by name. */
  members: ReadonlyMap<string, number>
  /** The comment lines directly above the block, with no blank line between (the `///` ones are its documentation). */
  leadingComments: readonly SchemaComment[]
  /** Comment lines further up, between the previous block and a blank line above the leading ones. */
  detachedComments: readonly SchemaComment[]
  /** Comments inside the block, on their own lines or after code (including after the opening `{`). */
  innerComments: readonly SchemaComment[]
}

export interface ParsedSchema {
  files: readonly SchemaFile[]
  /** The datasource block, or null when the schema has none. */
  datasource: SchemaDatasource | null
  models: readonly SchemaModel[]
  views: readonly SchemaView[]
  enums: readonly SchemaEnum[]
  types: readonly SchemaCompositeType[]
  /** Every top-level block in source order (file by file), with its comments. */
  blocks: readonly SourceBlock[]
}
