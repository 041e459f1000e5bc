/**
 * Loads what every command works on, in one call: where the project is, its schema (parsed, with the
 * annotated models) and its analysed migration history, read from the working tree or (`staged`) from
 * the git index, through the check cache when asked (check-cache.ts). Commands then call the pure core
 * on the result. In two halves for `check`, which first reads (read-project.ts) and only analyses when
 * its last outcome no longer holds (check-memo.ts): `readProject`, then `analyseProject`.
 *
 * It loads only what it needs: the SQL parser (its JavaScript and its WebAssembly) only when a
 * migration is not in the cache, so that a pre-commit `electrify check` with a warm cache stays light.
 */
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import type { AnalyzedMigration, MigrationSource } from '../migrations/analyze-migration.js'
import type { ReadMigration } from '../migrations/read-history.js'
import { findAnnotatedTables, type AnnotatedTable } from '../schema/annotations.js'
import { parseSchema } from '../schema/parse-schema.js'
import type { ParsedSchema, SchemaFile } from '../schema/types.js'
import { CheckCache } from './check-cache.js'
import type { ProjectLayout } from './find-project.js'
import type { SourceKind } from './read-sources.js'
import { readProject, type ReadProject } from './read-project.js'

export interface LoadOptions {
  /** The folder to start from (the run context's `cwd`). */
  cwd: string
  /** `--schema`: a schema file or folder, relative to `cwd`. */
  schema?: string
  /** Read what is staged in git (the index) instead of the working tree. */
  staged?: boolean
  /** Keep analyses in node_modules/.cache/electrify (default false; the commands all do); see check-cache.ts. */
  cache?: boolean
  /**
   * An invalid schema: `throw` (default) its ElectrifyError (`schema/invalid`, with file:line), or
   * report it as a `finding` and load the history alone (`schema` is then undefined).
   */
  invalidSchema?: 'throw' | 'finding'
}

export interface LoadedProject<Schema extends ParsedSchema | undefined = ParsedSchema> {
  layout: ProjectLayout
  source: SourceKind
  schema: Schema
  /** The annotated models (none when the schema could not be parsed). */
  annotated: AnnotatedTable[]
  /** Oldest first, in Prisma's order, each with the text it was read from. */
  history: ReadMigration[]
  /** What loading noticed: unstaged migrations, annotations, migrations (and an invalid schema, when asked). */
  findings: Finding[]
  /** Where the time went, for `check --json` and docs/performance.md. */
  timingsMs: { project: number; read: number; schema: number; history: number; cache: number }
}

export async function loadProject(options: LoadOptions & { invalidSchema: 'finding' }): Promise<LoadedProject<ParsedSchema | undefined>>
export async function loadProject(options: LoadOptions): Promise<LoadedProject>
export async function loadProject(options: LoadOptions): Promise<LoadedProject<ParsedSchema | undefined>> {
  return analyseProject(await readProject(options), options)
}

/** The second half: the schema parsed and the migrations analysed, through the cache when asked. */
export async function analyseProject(
  { layout, packageRoot, sources, timingsMs: { project: found, read } }: ReadProject,
  options: Omit<LoadOptions, 'cwd'>,
): Promise<LoadedProject<ParsedSchema | undefined>> {
  const opened = performance.now()
  const cache = CheckCache.open(packageRoot, layout, options.cache === true)
  // The SQL parser is imported only when a migration is not in the cache; importing it starts the
  // WebAssembly's compilation, which then runs while the schema is parsed.
  const cached = sources.migrations.map((source) => cache.getMigration(source))
  const sql = cached.includes(undefined) ? await importSqlAnalyzer() : undefined
  const { schema, annotated, findings: schemaFindings } = readSchema(sources.schemaFiles, cache, options.invalidSchema ?? 'throw')
  const parsed = performance.now()
  const analyze = sql && (await sql.ready)
  // the text goes with each analysis (not into the cache): the rules about comments read it
  const history: ReadMigration[] = sources.migrations.map((source, i) => ({ ...(cached[i] ?? cache.putMigration(source, analyze!(source))), sql: source.sql }))
  const analysed = performance.now()
  await cache.save()
  const saved = performance.now()
  return {
    layout,
    source: sources.source,
    schema,
    annotated,
    history,
    findings: [...sources.findings, ...schemaFindings, ...history.flatMap((m) => m.findings)],
    timingsMs: { project: found, read, schema: parsed - opened, history: analysed - parsed, cache: saved - analysed },
  }
}

async function importSqlAnalyzer(): Promise<{ ready: Promise<(source: MigrationSource) => AnalyzedMigration> }> {
  const [{ analyzeMigration }, { loadSqlParser }] = await Promise.all([import('../migrations/analyze-migration.js'), import('../sql/statements.js')])
  return { ready: loadSqlParser().then(() => analyzeMigration) }
}

function readSchema(
  files: readonly SchemaFile[],
  cache: CheckCache,
  invalid: 'throw' | 'finding',
): { schema?: ParsedSchema; annotated: AnnotatedTable[]; findings: Finding[] } {
  try {
    const schema = cache.schema(files, parseSchema)
    const { tables, findings } = findAnnotatedTables(schema)
    return { schema, annotated: tables, findings }
  } catch (error) {
    if (invalid === 'throw' || !(error instanceof ElectrifyError) || error.code !== 'schema/invalid') throw error
    return { annotated: [], findings: [{ severity: 'error', code: error.code, message: error.message, file: error.file, line: error.line, hint: error.hint }] }
  }
}
