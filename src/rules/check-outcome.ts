/**
 * What `electrify check` answers about a loaded project (pure): its findings (check-findings.ts), sorted,
 * and what they add up to. `deploy` runs the same before it applies anything.
 */
import { replayHistory } from '../history/table-history.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import type { LoadedProject } from '../project/load-project.js'
import type { SourceKind } from '../project/read-sources.js'
import type { AnnotatedTable } from '../schema/annotations.js'
import type { ParsedSchema } from '../schema/types.js'
import { tableKey, type TableName } from '../sql/identifiers.js'
import { projectFindings, sortFindings, type CheckFinding } from './check-findings.js'

export interface CheckedModel {
  model: string
  table: TableName
  /** The migration that electrifies it, or null when none does. */
  electrifiedIn: string | null
}

/** A check's answer, without its timings. */
export interface CheckAnswer {
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
}

export interface EvaluateOptions {
  /** Warnings fail the check too. */
  strict?: boolean
  /** How the fix commands printed run electrify (default `npx --no -- electrify`). */
  runner?: readonly string[]
  /** Appended to every fix command printed. */
  fixArgs?: readonly string[]
  /** What the fixes depend on beyond the project (check-findings.ts): git's HEAD, and the working tree with `staged`. */
  committed?: ReadonlySet<string>
  workingTree?: readonly AnalyzedMigration[]
}

export function evaluate(project: LoadedProject<ParsedSchema | undefined>, options: EvaluateOptions = {}): CheckAnswer {
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

function uniqueTables(annotated: readonly AnnotatedTable[]): AnnotatedTable[] {
  const seen = new Set<string>()
  return annotated.filter((m) => !seen.has(tableKey(m)) && seen.add(tableKey(m)))
}
