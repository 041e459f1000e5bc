/**
 * `electrify check`: holds the schema's `@electric` annotations against the migration history and
 * Electric's rules, without a database or the Prisma CLI — fast enough for a git pre-commit hook.
 * With `staged`, it reads what is staged in git (the index) instead of the working tree.
 *
 * load (src/project/load-project.ts) → evaluate (pure, below) → the outcome, which the reporter prints.
 * Only when a table is not electrified does it ask more, for the fix: which migrations git's HEAD
 * holds (those are never appended to), and with `staged`, what the working tree electrifies.
 */
import { committedMigrations } from '../history/shared-migrations.js'
import { replayHistory } from '../history/table-history.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import { loadProject, type LoadedProject } from '../project/load-project.js'
import type { SourceKind } from '../project/read-sources.js'
import { projectFindings, sortFindings, type CheckFinding } from '../rules/check-findings.js'
import { runContext, type RunContext } from '../run-context.js'
import type { AnnotatedTable } from '../schema/annotations.js'
import type { ParsedSchema } from '../schema/types.js'
import { tableKey, type TableName } from '../sql/identifiers.js'

export type { CheckFinding } from '../rules/check-findings.js'

export interface CheckOptions {
  /** `--schema`: a schema file or folder, relative to the context's cwd. */
  schema?: string
  /** Check what is staged in git (the index) rather than the working tree. */
  staged?: boolean
  /** Warnings fail the check too. */
  strict?: boolean
  /** How the fix commands printed run electrify, e.g. `['pnpm', 'exec', 'electrify']` (default `npx --no -- electrify`). */
  runner?: readonly string[]
  /** Appended to every fix command printed, e.g. `['--cwd', 'apps/web']`. */
  fixArgs?: readonly string[]
  /** Keep analyses in node_modules/.cache/electrify (default true); see src/project/check-cache.ts. */
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

export async function check(options: CheckOptions = {}, given: Partial<RunContext> = {}): Promise<CheckOutcome> {
  const started = performance.now()
  const { cwd } = runContext(given)
  // An invalid schema is a finding like any other: the history is still checked.
  const project = await loadProject({ cwd, schema: options.schema, staged: options.staged, cache: options.cache !== false, invalidSchema: 'finding' })
  const loaded = performance.now()
  let evaluated = evaluate(project, options)
  if (evaluated.findings.some((f) => f.code === 'check/not-electrified')) {
    const [committed, workingTree] = await Promise.all([
      committedMigrations(project.layout.migrationsDir),
      options.staged ? workingTreeHistory(cwd, options) : undefined,
    ])
    evaluated = evaluate(project, { ...options, committed, workingTree })
  }
  const done = performance.now()
  const { project: found, read, schema, history, cache } = project.timingsMs
  return { ...evaluated, durationMs: done - started, timingsMs: { project: found, read, schema, history, checks: done - loaded, cache } }
}

/** What the fixes depend on beyond the project (check-findings.ts): git's HEAD, and the working tree with `staged`. */
export interface FixFacts {
  committed?: ReadonlySet<string>
  workingTree?: readonly AnalyzedMigration[]
}

/** The findings of a loaded project and what they add up to (pure). */
export function evaluate(
  project: LoadedProject<ParsedSchema | undefined>,
  options: Pick<CheckOptions, 'strict' | 'runner' | 'fixArgs'> & FixFacts = {},
): Omit<CheckOutcome, 'durationMs' | 'timingsMs'> {
  const { schema, annotated, history } = project
  const { runner, fixArgs, committed, workingTree } = options
  const findings = projectFindings({ schema, annotated, history, loaded: project.findings, runner, fixArgs, committed, workingTree, root: project.layout.root })

  const state = replayHistory(history)
  const errors = findings.filter((f) => f.severity === 'error').length
  const warnings = findings.length - errors
  return {
    ok: errors === 0 && (!options.strict || warnings === 0),
    source: project.source,
    schemaPath: project.layout.schemaPath,
    migrationsDir: project.layout.migrationsDir,
    migrations: history.length,
    annotated: uniqueTables(annotated).map((m) => ({
      model: m.model,
      table: { schema: m.schema, name: m.name },
      electrifiedIn: state.tables.has(tableKey(m)) ? (state.electrified.get(tableKey(m))?.migration ?? null) : null,
    })),
    findings: sortFindings(findings),
    errors,
    warnings,
  }
}

/** The migrations as the working tree has them (through the same cache: unchanged ones are not parsed again). */
async function workingTreeHistory(cwd: string, options: CheckOptions): Promise<AnalyzedMigration[]> {
  const project = await loadProject({ cwd, schema: options.schema, cache: options.cache !== false, invalidSchema: 'finding' })
  return project.history
}

function uniqueTables(annotated: readonly AnnotatedTable[]): AnnotatedTable[] {
  const seen = new Set<string>()
  return annotated.filter((m) => !seen.has(tableKey(m)) && seen.add(tableKey(m)))
}
