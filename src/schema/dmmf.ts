import type { FieldDefault, FieldKind, SchemaField, SourceBlock, UniqueIndex } from './types.js'

/**
 * The parts of Prisma's DMMF `datamodel` (and of `get_config`) that electrify reads, as the parser
 * returns them (see @prisma/dmmf's `Datamodel` type), and their conversion into electrify's types.
 */
export interface RawDatamodel {
  models: RawModel[]
  enums: RawEnum[]
  types: RawModel[]
}

export interface RawModel {
  name: string
  dbName: string | null
  schema?: string | null
  documentation?: string
  fields: RawField[]
  primaryKey?: { name: string | null; fields: string[] } | null
  uniqueIndexes?: { name: string | null; fields: string[] }[]
}

interface RawField {
  name: string
  dbName?: string | null
  kind: FieldKind
  type: string
  nativeType?: [string, string[]] | null
  isList: boolean
  isRequired: boolean
  isId: boolean
  isUnique: boolean
  isReadOnly: boolean
  isUpdatedAt?: boolean
  hasDefaultValue: boolean
  default?: FieldDefault
  relationName?: string
  relationFromFields?: string[]
  relationToFields?: string[]
  relationOnDelete?: string
  relationOnUpdate?: string
  documentation?: string
}

export interface RawEnum {
  name: string
  dbName?: string | null
  documentation?: string
  values: { name: string; dbName: string | null }[]
}

export interface RawConfig {
  datasources: { name: string; provider: string; schemas: string[]; sourceFilePath: string }[]
}

export function convertFields(raw: readonly RawField[], block: SourceBlock): SchemaField[] {
  return raw.map((f) => ({
    name: f.name,
    dbName: f.dbName ?? null,
    line: memberLine(block, f.name),
    kind: f.kind,
    type: f.type,
    nativeType: f.nativeType ? { name: f.nativeType[0], args: f.nativeType[1] } : null,
    isList: f.isList,
    isRequired: f.isRequired,
    isId: f.isId,
    isUnique: f.isUnique,
    isReadOnly: f.isReadOnly,
    isUpdatedAt: f.isUpdatedAt ?? false,
    hasDefaultValue: f.hasDefaultValue,
    ...optional({
      default: f.default,
      relationName: f.relationName,
      relationFromFields: f.relationFromFields,
      relationToFields: f.relationToFields,
      relationOnDelete: f.relationOnDelete,
      relationOnUpdate: f.relationOnUpdate,
      documentation: f.documentation,
    }),
  }))
}

export function convertUniqueIndexes(raw: RawModel['uniqueIndexes']): UniqueIndex[] {
  return (raw ?? []).map((u) => ({ name: u.name ?? null, fields: u.fields }))
}

export function memberLine(block: SourceBlock, name: string): number {
  const line = block.members.get(name)
  if (line === undefined) throw new Error(`electrify: no line found for ${block.kind} ${block.name}.${name} in ${block.file}`)
  return line
}

/** Keeps only the properties that are set, so that optional ones are absent rather than `undefined`. */
export function optional<T extends object>(props: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }
}
