import type { DatasourceUrls, SchemaUrls, UrlSource } from '../routing/datasource.js'
import type { ParseResult, ParserError } from './prisma-wasm.js'
import type { ParsedSchema, SchemaFile } from './types.js'

/**
 * Prisma 5/6 schemas put `url = env(…)` in the datasource; Prisma 7 schemas must not (the URL moved to
 * prisma.config.ts). A parser accepts only one style: Prisma 6's fails with `Argument "url" is missing`,
 * Prisma 7's with "The datasource property `url` is no longer supported". Either way the schema is parsed
 * as written first; when those are its only errors, it is parsed again with the datasource adapted, in a
 * way that keeps every other line where it was, so that the errors of the second parse (a missing url
 * hides the connector's checks, such as native types and @@schema) still point at the user's lines.
 */
const URL_MISSING = /^Argument "url" is missing in data source block/
const URL_REJECTED = /^The datasource property `\w+` is no longer supported/

/** The environment variable the stand-in url names; it is never read (env() is not resolved here). */
const STAND_IN_URL = '  url = env("ELECTRIFY_SCHEMA_CHECK_URL")'

interface Patched {
  file: SchemaFile
  /** Lines above this (1-based) are the user's; the ones from here on are the datasource copy. */
  copyStartsAt: number
  /** Where the moved datasource block started in the user's file. */
  datasourceLine: number
}

export function parseAnyUrlStyle<T>(
  files: readonly SchemaFile[],
  parse: (files: readonly SchemaFile[]) => ParseResult<T>,
): ParseResult<{ value: T; files: readonly SchemaFile[] }> {
  // A datasource block without a url line is certain to fail the first parse with `Argument "url" is
  // missing` (this parser is Prisma 6's): it is adapted before parsing, which saves a whole parse of the
  // schema (40 ms of a 2,000-line one). Should the adapted schema not parse, it is read as written, as
  // always, so that the errors are reported as Prisma gives them.
  const missing = missingUrls(files)
  if (missing.length > 0) {
    const patched = files.map((f) => patch(f, missing.filter((e) => e.file === f.path)))
    const adapted = parse(patched.map((p) => p.file))
    if (adapted.ok) return { ok: true, value: { value: adapted.value, files: patched.map((p) => p.file) } }
  }
  return parseAsWrittenFirst(files, parse)
}

/** The schema parsed as written, then, when its only errors are about the url, adapted and parsed again. */
export function parseAsWrittenFirst<T>(
  files: readonly SchemaFile[],
  parse: (files: readonly SchemaFile[]) => ParseResult<T>,
): ParseResult<{ value: T; files: readonly SchemaFile[] }> {
  const first = parse(files)
  if (first.ok) return { ok: true, value: { value: first.value, files } }
  const urlErrors = first.errors.filter(isUrlError)
  if (urlErrors.length === 0 || urlErrors.length < first.errors.length) {
    return { ok: false, errors: first.errors.filter((e) => !isUrlError(e)) }
  }

  const patched = files.map((f) => patch(f, urlErrors.filter((e) => e.file === f.path)))
  const second = parse(patched.map((p) => p.file))
  if (second.ok) return { ok: true, value: { value: second.value, files: patched.map((p) => p.file) } }
  return { ok: false, errors: second.errors.map((e) => placeInOriginal(e, patched)) }
}

const DATASOURCE_START = /^\s*datasource\s+([A-Za-z_]\w*)\s*\{\s*(?:\/\/.*)?$/
const URL_LINE = /^\s*url\s*=/

/**
 * The error the parser gives each datasource block that has no `url` line, at the block's first line as
 * the parser puts it. Only for blocks laid out one setting a line (`datasource db {` alone on its
 * line, `}` alone on a later one); any other layout gives none, and the schema is parsed as written.
 */
function missingUrls(files: readonly SchemaFile[]): ParserError[] {
  const missing: ParserError[] = []
  for (const file of files) {
    const lines = file.content.split('\n')
    lines.forEach((text, at) => {
      const start = DATASOURCE_START.exec(text)
      if (!start) return
      const end = closingLine(lines, at + 1)
      if (end === -1 || lines.slice(at + 1, end).some((line) => URL_LINE.test(line))) return
      const message = `Argument "url" is missing in data source block "${start[1]}".`
      missing.push({ message, text: `error: ${message}`, file: file.path, line: at + 1 })
    })
  }
  return missing
}

/** The first line from `from` on that is a block's closing `}` alone; -1 when there is none. */
function closingLine(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (lines[i]!.trim() === '}') return i
  return -1
}

function isUrlError(e: ParserError): boolean {
  return e.file !== undefined && e.line !== undefined && (URL_MISSING.test(e.message) || URL_REJECTED.test(e.message))
}

/**
 * A rejected property's line becomes blank. A datasource that misses its url is blanked out where it
 * stands and a copy with the url is appended at the end of the file, so no line of the user's moves.
 */
function patch(file: SchemaFile, errors: ParserError[]): Patched {
  const lines = file.content.split('\n')
  const copyStartsAt = lines.length + 1
  let datasourceLine = 0
  const copies: string[] = []
  for (const e of errors) {
    const at = e.line! - 1
    if (URL_REJECTED.test(e.message)) {
      lines[at] = blank(lines[at]!)
      continue
    }
    datasourceLine = e.line!
    const close = closingLine(lines, at)
    const end = close === -1 ? lines.length - 1 : close
    const block = lines.slice(at, end + 1)
    copies.push(block[0]!, STAND_IN_URL, ...block.slice(1))
    for (let i = at; i <= end; i++) lines[i] = blank(lines[i]!)
  }
  const content = copies.length === 0 ? lines.join('\n') : [...lines, ...copies].join('\n')
  return { file: { path: file.path, content }, copyStartsAt, datasourceLine }
}

function blank(line: string): string {
  return line.replace(/\S/g, ' ')
}

/** An error inside the appended datasource copy is reported at the user's datasource block. */
function placeInOriginal(e: ParserError, patched: Patched[]): ParserError {
  const p = patched.find((x) => x.file.path === e.file)
  if (p === undefined || e.line === undefined || e.line < p.copyStartsAt) return e
  return { ...e, line: p.datasourceLine }
}

/**
 * The connection settings of the schema's datasource block (`url`, `directUrl`, `shadowDatabaseUrl`),
 * each `env("X")` or a string literal, with their lines. Read from the source because Prisma's
 * get_config leaves `shadowDatabaseUrl` out. The schema has passed Prisma's parser, so each setting
 * sits on one line. A missing or empty shadow variable means no shadow database (prisma-engines
 * `load_shadow_database_url`), hence not `strict`; url and directUrl must be set (P1012).
 */
export function readSchemaUrls(schema: ParsedSchema): SchemaUrls | undefined {
  const block = schema.blocks.find((b) => b.kind === 'datasource')
  const file = block && schema.files.find((f) => f.path === block.file)
  if (block === undefined || file === undefined) return undefined
  const lines = file.content.split('\n')
  const urls: DatasourceUrls = {}
  for (let at = block.line; at < lines.length && lines[at]!.trim() !== '}'; at++) {
    const setting = URL_SETTING.exec(lines[at]!)
    if (!setting) continue
    const [, key, envName, literal] = setting as unknown as [string, keyof typeof URL_KEYS, string | undefined, string | undefined]
    const source: UrlSource =
      envName !== undefined ? { kind: 'env', name: unescape(envName), strict: URL_KEYS[key] } : { kind: 'literal', url: unescape(literal!) }
    urls[key] = { source, file: file.path, line: at + 1 }
  }
  return { file: block.file, line: block.line, urls }
}

/** The settings read, and whether Prisma fails when their variable is unset. */
const URL_KEYS = { url: true, directUrl: true, shadowDatabaseUrl: false } as const
const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"'
const URL_SETTING = new RegExp(`^\\s*(url|directUrl|shadowDatabaseUrl)\\s*=\\s*(?:env\\(\\s*${QUOTED}\\s*\\)|${QUOTED})\\s*(?://.*)?$`)

/** A schema string's escapes are JSON's. */
function unescape(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string
  } catch {
    return raw
  }
}
