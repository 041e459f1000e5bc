import { createRequire } from 'node:module'
import type { SchemaFile } from './types.js'

/**
 * Prisma's schema parser, `@prisma/prisma-schema-wasm`: the very module `@prisma/internals`' getDMMF
 * wraps. It is called directly because loading @prisma/internals takes ~330 ms and the wasm ~10 ms, and
 * loaded on first use so that importing electrify stays cheap.
 *
 * `get_datamodel` is used rather than `get_dmmf`: it returns the same `datamodel` section without
 * building the client's query schema, which on large schemas is 10-20 times slower (~500 ms and 13 MB
 * of JSON for a 1,900-line schema, against ~10 ms).
 */
interface PrismaSchemaWasm {
  get_datamodel(params: string): string
  get_config(params: string): string
}

let wasm: PrismaSchemaWasm | undefined

function load(): PrismaSchemaWasm {
  wasm ??= createRequire(import.meta.url)('@prisma/prisma-schema-wasm') as PrismaSchemaWasm
  return wasm
}

/** One error from the parser, with its place when the parser gives one (1-based line). */
export interface ParserError {
  /** The error's first line, e.g. `Type "Foo" is neither a built-in type, nor refers to another model…`. */
  message: string
  /** The parser's full text for this error: message, `-->  file:line` and the source excerpt. */
  text: string
  file?: string
  line?: number
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: ParserError[] }

/** The `datamodel` part of Prisma's DMMF; the shapes electrify reads are typed in dmmf.ts. */
export function getDatamodel(files: readonly SchemaFile[]): ParseResult<unknown> {
  return call(() => load().get_datamodel(JSON.stringify({ prismaSchema: toParams(files), noColor: true })))
}

/** The datasources and generators, as `prisma` reads them (env() is not resolved). */
export function getConfig(files: readonly SchemaFile[]): ParseResult<unknown> {
  const params = { prismaSchema: toParams(files), datasourceOverrides: {}, ignoreEnvVarErrors: true, env: {} }
  const result = call(() => load().get_config(JSON.stringify(params)))
  if (!result.ok) return result
  // get_config reports errors in its result rather than by throwing.
  const { config, errors } = result.value as { config: unknown; errors: { message: string }[] }
  return errors.length === 0 ? { ok: true, value: config } : { ok: false, errors: errors.flatMap((e) => splitErrors(e.message)) }
}

function toParams(files: readonly SchemaFile[]): [string, string][] {
  return files.map((f) => [f.path, f.content])
}

function call(run: () => string): ParseResult<unknown> {
  let output: string
  try {
    output = run()
  } catch (e) {
    // Schema errors arrive as an Error whose message is JSON: {"error_code":"P1012","message":"error: …"}.
    // Anything else (a panic in the wasm) is not about the user's schema: let it through.
    const report = parseErrorReport(e)
    if (report === undefined) throw e
    return { ok: false, errors: splitErrors(report) }
  }
  return { ok: true, value: JSON.parse(output) as unknown }
}

function parseErrorReport(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined
  try {
    const json = JSON.parse(e.message) as { message?: unknown }
    return typeof json.message === 'string' ? json.message : undefined
  } catch {
    return undefined
  }
}

/**
 * Splits the parser's report into its errors. Each starts with `error: ` at the start of a line (source
 * excerpts are indented behind `NN | `, so they cannot), and names its place as `-->  file:line`.
 */
export function splitErrors(report: string): ParserError[] {
  return report
    .replace(/\n*Validation Error Count: \d+\s*$/, '')
    .split(/^(?=error: )/m)
    .filter((chunk) => chunk.startsWith('error: '))
    .map((chunk) => {
      const text = chunk.trimEnd()
      const message = text.slice('error: '.length).split('\n', 1)[0]!
      const place = /^\s*-->\s+(.*):(\d+)$/m.exec(text)
      return place ? { message, text, file: place[1]!, line: Number(place[2]) } : { message, text }
    })
}
