/**
 * `electrify check`: holds the schema's `@electric` annotations against the migration history and
 * Electric's rules, without a database or the Prisma CLI — fast enough for a git pre-commit hook.
 * With `staged`, it reads what is staged in git (the index) instead of the working tree.
 */
import path from 'node:path'
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import type { AnalyzedMigration, MigrationSource } from '../migrations/analyze-migration.js'
import { findPackageRoot } from '../project/find-package-root.js'
import { replayHistory } from '../history/table-history.js'
import { findProject } from '../project/find-project.js'
import { historyFindings, preflightFindings } from '../rules/index.js'
import { findAnnotatedTables, type AnnotatedTable } from '../schema/annotations.js'
import { parseSchema } from '../schema/parse-schema.js'
import type { ParsedSchema, SchemaFile } from '../schema/types.js'
import { tableKey, type TableName } from '../sql/identifiers.js'
import { CheckCache } from './check-cache.js'
import { checkFindings, type CheckFinding } from '../rules/check-findings.js'
import { readIndex, readWorkingTree, type SourceKind } from './check-sources.js'
import type { ProjectOptions } from './load-project.js'

export type { CheckFinding } from '../rules/check-findings.js'

export interface CheckOptions extends ProjectOptions {
  /** Check what is staged in git (the index) rather than the working tree. */
  staged?: boolean
  /** Warnings fail the check too. */
  strict?: boolean
  /** Appended to every fix command printed, e.g. `['--cwd', 'apps/web']`. */
  fixArgs?: readonly string[]
  /** Keep analyses in node_modules/.cache/electrify (default true); see check-cache.ts. */
  cache?: boolean
}

export interface CheckedModel {
  model: string
  table: TableName
  /** The migration that electrifies it, or null when none does. */
  electrifiedIn: string | null
}

export interface CheckOutcome {
  /** No error (and with `strict`, no warning). */
  ok: boolean
  source: SourceKind
  schemaPath: string
  migrationsDir: string
  /** Number of migrations read. */
  migrations: number
  /** The annotated models (empty when the schema could not be parsed). */
  annotated: CheckedModel[]
  findings: CheckFinding[]
  errors: number
  warnings: number
  durationMs: number
  /** Where the time went, for `docs/performance.md`. */
  timingsMs: { project: number; read: number; schema: number; history: number; checks: number; cache: number }
}

export async function check(options: CheckOptions = {}): Promise<CheckOutcome> {
  const started = performance.now()
  const cwd = path.resolve(options.cwd ?? process.cwd())
  const layout = await findProject({ cwd, schema: options.schema })
  const found = performance.now()
  const sources = options.staged ? await readIndex(layout) : await readWorkingTree(layout)
  const read = performance.now()
  const cache = CheckCache.open(await findPackageRoot(layout.root), layout, options.cache !== false)
  // The SQL parser (its JavaScript and its WebAssembly) is loaded only when a migration is not in the
  // cache; importing it starts the WebAssembly's compilation, which then runs while the schema is parsed.
  const cached = sources.migrations.map((source) => cache.getMigration(source))
  const sql = cached.includes(undefined) ? await importSqlAnalyzer() : undefined

  const findings: CheckFinding[] = [...sources.findings]
  const { schema, annotated, findings: schemaFindings } = readSchema(sources.schemaFiles, cache)
  findings.push(...schemaFindings)
  const parsed = performance.now()

  const analyze = sql && (await sql.ready)
  const history: AnalyzedMigration[] = sources.migrations.map((source, i) => cached[i] ?? cache.putMigration(source, analyze!(source)))
  const analysed = performance.now()
  findings.push(...history.flatMap((m) => m.findings))
  if (schema) findings.push(...preflightFindings(schema, annotated))
  const rules = historyFindings(history)
  const own = checkFindings({ schema, annotated, history, fixArgs: options.fixArgs })
  findings.push(...own, ...rules)

  const state = replayHistory(history)
  const errors = findings.filter((f) => f.severity === 'error').length
  const warnings = findings.length - errors
  const checked = performance.now()
  await cache.save()
  const done = performance.now()
  return {
    ok: errors === 0 && (!options.strict || warnings === 0),
    source: sources.source,
    schemaPath: layout.schemaPath,
    migrationsDir: layout.migrationsDir,
    migrations: history.length,
    annotated: uniqueTables(annotated).map((m) => ({
      model: m.model,
      table: { schema: m.schema, name: m.name },
      electrifiedIn: state.tables.has(tableKey(m)) ? (state.electrified.get(tableKey(m))?.migration ?? null) : null,
    })),
    findings: sortFindings(findings),
    errors,
    warnings,
    durationMs: done - started,
    timingsMs: { project: found - started, read: read - found, schema: parsed - read, history: analysed - parsed, checks: checked - analysed, cache: done - checked },
  }
}

async function importSqlAnalyzer(): Promise<{ ready: Promise<(source: MigrationSource) => AnalyzedMigration> }> {
  const [{ analyzeMigration }, { loadSqlParser }] = await Promise.all([import('../migrations/analyze-migration.js'), import('../sql/statements.js')])
  return { ready: loadSqlParser().then(() => analyzeMigration) }
}

/** An invalid schema is a finding like any other: the history is still checked. */
function readSchema(files: readonly SchemaFile[], cache: CheckCache): { schema?: ParsedSchema; annotated: AnnotatedTable[]; findings: Finding[] } {
  try {
    const schema = cache.schema(files, parseSchema)
    const { tables, findings } = findAnnotatedTables(schema)
    return { schema, annotated: tables, findings }
  } catch (error) {
    if (!(error instanceof ElectrifyError) || error.code !== 'schema/invalid') throw error
    return { annotated: [], findings: [{ severity: 'error', code: error.code, message: error.message, file: error.file, line: error.line, hint: error.hint }] }
  }
}

function uniqueTables(annotated: readonly AnnotatedTable[]): AnnotatedTable[] {
  const seen = new Set<string>()
  return annotated.filter((m) => !seen.has(tableKey(m)) && seen.add(tableKey(m)))
}

/** Findings without a file first, then by file and line; the order among equals is kept. */
function sortFindings(findings: readonly CheckFinding[]): CheckFinding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => {
      const fa = a.finding.file ?? ''
      const fb = b.finding.file ?? ''
      if (fa !== fb) return fa < fb ? -1 : 1
      return (a.finding.line ?? 0) - (b.finding.line ?? 0) || a.index - b.index
    })
    .map((x) => x.finding)
}
