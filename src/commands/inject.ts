/**
 * `electrify inject [migration]`: append ENABLE ELECTRIC for annotated tables to an existing
 * migration (the newest by default). Returns what it did; printing is the reporter's job.
 */
import path from 'node:path'
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import { injectIntoMigration } from '../inject/inject-migration.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import { planElectrification, type PlannedTable } from '../plan/plan-electrification.js'
import type { TableName } from '../sql/identifiers.js'
import { loadProject } from '../project/load-project.js'
import { runContext, type RunContext } from '../run-context.js'

export interface InjectOptions {
  /** `--schema`: a schema file or folder, relative to the context's cwd. */
  schema?: string
  /** Folder name (or unique prefix or `_name` suffix), folder path or `migration.sql` path; default: newest. */
  migration?: string
  /** Work out and return the appendix without writing it. */
  dryRun?: boolean
}

export interface InjectOutcome {
  schemaPath: string
  migrationsDir: string
  migration: string
  file: string
  /** Tables electrified by this run, in the order written. */
  tables: PlannedTable[]
  alreadyElectrified: TableName[]
  /** Text appended to the migration ('' when nothing was to do). */
  appended: string
  written: boolean
  dryRun: boolean
  findings: Finding[]
}

export async function inject(options: InjectOptions = {}, given: Partial<RunContext> = {}): Promise<InjectOutcome> {
  const { cwd } = runContext(given)
  const project = await loadProject({ cwd, schema: options.schema })
  const target = options.migration === undefined ? undefined : resolveMigration(options.migration, project.history, project.layout.migrationsDir, cwd)
  const plan = planElectrification({ models: project.annotated, history: project.history, target })
  const tables = plan.tables.map((p) => p.table)
  const injection = await injectIntoMigration(plan.file, tables, { dryRun: options.dryRun })
  return {
    schemaPath: project.layout.schemaPath,
    migrationsDir: project.layout.migrationsDir,
    migration: plan.migration,
    file: plan.file,
    tables: plan.tables,
    alreadyElectrified: plan.alreadyElectrified,
    appended: injection.appended,
    written: injection.written,
    dryRun: Boolean(options.dryRun),
    findings: [...project.findings, ...plan.findings],
  }
}

function resolveMigration(argument: string, history: readonly AnalyzedMigration[], migrationsDir: string, cwd: string): string {
  const names = history.map((m) => m.name)
  if (names.includes(argument)) return argument
  if (argument.includes('/') || argument.includes(path.sep) || argument.endsWith('.sql')) {
    const resolved = path.resolve(cwd, argument)
    const folder = path.basename(resolved) === 'migration.sql' ? path.dirname(resolved) : resolved
    if (path.dirname(folder) === path.resolve(migrationsDir) && names.includes(path.basename(folder))) return path.basename(folder)
    throw unknownMigration(argument, `it is not a migration folder in ${migrationsDir}`, names)
  }
  const matches = names.filter((n) => n.startsWith(argument) || n.endsWith(`_${argument}`))
  if (matches.length === 1) return matches[0]
  throw unknownMigration(argument, matches.length > 1 ? `it matches ${matches.join(', ')}` : 'no migration has that name', names)
}

function unknownMigration(argument: string, why: string, names: string[]): ElectrifyError {
  return new ElectrifyError(`cannot pick migration "${argument}": ${why}`, {
    code: 'inject/unknown-migration',
    exitCode: 2,
    hint: names.length ? `Pass a folder name such as ${names[names.length - 1]}, or leave it out for the newest.` : 'Create a migration first.',
  })
}
