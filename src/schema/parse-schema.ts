import { ElectrifyError } from '../errors.js'
import { parseAnyUrlStyle } from './datasource-url.js'
import { convertFields, convertUniqueIndexes, optional, memberLine, type RawConfig, type RawDatamodel, type RawModel } from './dmmf.js'
import { getConfig, getDatamodel, type ParserError } from './prisma-wasm.js'
import { configBlocksOnly, scanSchemaSource } from './source-scan.js'
import type { BlockKind, ParsedSchema, SchemaFile, SchemaModel, SourceBlock } from './types.js'

export type * from './types.js'

/**
 * Reads a Prisma schema (one file, or all files of a multi-file schema together, as Prisma does) with
 * Prisma's own parser, in either datasource style (with `url`, Prisma 5/6, or without, Prisma 7).
 * An invalid schema throws `schema/invalid` at the file and line of its first error.
 */
export function parseSchema(files: readonly SchemaFile[]): ParsedSchema {
  // The parser rejects a byte-order mark; removing it moves no line.
  const input = files.map((f) => ({ path: f.path, content: f.content.replace(/^\uFEFF/, '') }))
  const parsed = parseAnyUrlStyle(input, getDatamodel)
  if (!parsed.ok) throw invalidSchema(parsed.errors)
  // Its datasource and generators (the models are parsed above): should the cut-down text not parse,
  // the whole schema is asked, and its errors are the ones reported.
  let config = getConfig(configBlocksOnly(parsed.value.files))
  if (!config.ok) config = getConfig(parsed.value.files)
  if (!config.ok) throw invalidSchema(config.errors)

  const datamodel = parsed.value.value as RawDatamodel
  const blocks = input.flatMap(scanSchemaSource)
  const find = (kinds: readonly BlockKind[], name: string): SourceBlock => {
    const block = blocks.find((b) => b.name === name && kinds.includes(b.kind))
    if (block === undefined) throw new Error(`electrify: ${kinds.join(' or ')} ${name} not found in the schema source`)
    return block
  }

  // The DMMF lists views among the models; only the source tells them apart.
  const modelsAndViews = datamodel.models.map((m) => {
    const block = find(['model', 'view'], m.name)
    return { kind: block.kind, model: convertModel(m, block) }
  })
  const datasource = (config.value as RawConfig).datasources[0]
  const datasourceBlock = datasource && find(['datasource'], datasource.name)
  return {
    files,
    datasource: datasourceBlock
      ? { name: datasource.name, provider: datasource.provider, schemas: datasource.schemas, file: datasourceBlock.file, line: datasourceBlock.line }
      : null,
    models: modelsAndViews.filter((x) => x.kind === 'model').map((x) => x.model),
    views: modelsAndViews.filter((x) => x.kind === 'view').map((x) => x.model),
    enums: datamodel.enums.map((e) => {
      const block = find(['enum'], e.name)
      return {
        name: e.name,
        dbName: e.dbName ?? null,
        file: block.file,
        line: block.line,
        ...optional({ documentation: e.documentation }),
        values: e.values.map((v) => ({ name: v.name, dbName: v.dbName, line: memberLine(block, v.name) })),
      }
    }),
    types: datamodel.types.map((t) => {
      const block = find(['type'], t.name)
      return { name: t.name, file: block.file, line: block.line, ...optional({ documentation: t.documentation }), fields: convertFields(t.fields, block) }
    }),
    blocks,
  }
}

function convertModel(m: RawModel, block: SourceBlock): SchemaModel {
  return {
    name: m.name,
    dbName: m.dbName,
    schema: m.schema ?? null,
    file: block.file,
    line: block.line,
    ...optional({ documentation: m.documentation }),
    fields: convertFields(m.fields, block),
    primaryKey: m.primaryKey ?? null,
    uniqueIndexes: convertUniqueIndexes(m.uniqueIndexes),
  }
}

function invalidSchema(errors: ParserError[]): ElectrifyError {
  const first = errors[0]
  const count = errors.length === 1 ? 'an error' : `${errors.length} errors`
  return new ElectrifyError(`The Prisma schema has ${count}:\n\n${errors.map((e) => e.text).join('\n\n')}`, {
    code: 'schema/invalid',
    file: first?.file,
    line: first?.line,
    hint: 'Fix the schema (`npx prisma validate` shows the same errors), then run electrify again.',
  })
}
