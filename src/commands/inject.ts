/**
 * `electrify inject [migration]`: append ENABLE ELECTRIC for annotated tables to an existing
 * migration (the newest by default). A migration that is shared — committed in git, or applied to the
 * database given with `databaseUrl` — is never appended to (docs/safety.md): the DDLX goes into a new
 * migration that runs last instead, as with `newMigration`; `force` appends anyway. Runs holding the
 * project's lock. Returns what it did; printing is the reporter's job.
 */
import path from 'node:path'
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import { withProjectLock, type LockHolder } from '../fs/project-lock.js'
import { sharedMigrations, type SharedReason } from '../history/shared-migrations.js'
import { injectIntoMigration, writeDdlxMigration } from '../inject/inject-migration.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import { newMigrationName, snake } from '../migrations/migration-name.js'
import { planElectrification, type ElectrificationPlan, type PlannedTable } from '../plan/plan-electrification.js'
import { stopOnUnsurePlan } from '../plan/unreadable-sql.js'
import { findPackageRoot } from '../project/find-package-root.js'
import { loadProject } from '../project/load-project.js'
import { runContext, type RunContext } from '../run-context.js'
import type { AnnotatedTable } from '../schema/annotations.js'
import type { TableName } from '../sql/identifiers.js'

export interface InjectOptions {
  /** `--schema`: a schema file or folder, relative to the context's cwd. */
  schema?: string
  /** Folder name (or unique prefix or `_name` suffix), folder path or `migration.sql` path; default: newest. */
  migration?: string
  /** Work out and return the appendix without writing it. */
  dryRun?: boolean
  /** `--new`: put the DDLX into a new migration that runs after every other, whatever the newest is. */
  newMigration?: boolean
  /** `--force`: append even to a migration that is committed in git or applied. */
  force?: boolean
  /** `--database-url`: a database whose `_prisma_migrations` says which migrations are applied (else only git is asked). */
  databaseUrl?: string
  /** Wait while another run holds the project's lock (default), or fail at once with `project/locked` (`--no-wait`). */
  wait?: boolean
}

export interface InjectOutcome {
  schemaPath: string
  migrationsDir: string
  migration: string
  file: string
  /** Tables electrified by this run, in the order written. */
  tables: PlannedTable[]
  alreadyElectrified: TableName[]
  /** Text appended to the migration, or the whole new migration ('' when nothing was to do). */
  appended: string
  written: boolean
  dryRun: boolean
  /** `migration` is a new migration electrify wrote (with `dryRun`: would write) holding only the DDLX. */
  created: boolean
  /** Why not the migration asked for (or the newest): it is shared, and a new one was written instead. */
  shared?: { migration: string; reasons: SharedReason[] }
  findings: Finding[]
}

export async function inject(options: InjectOptions = {}, given: Partial<RunContext> = {}): Promise<InjectOutcome> {
  const context = runContext(given)
  if (options.newMigration && options.migration !== undefined) {
    throw new ElectrifyError(`--new writes a new migration, so it takes no migration to inject into ("${options.migration}")`, {
      code: 'inject/new-with-migration',
      exitCode: 2,
      hint: 'Leave out the migration to write a new one (`electrify inject --new`), or leave out --new to append to that migration.',
    })
  }
  if (options.dryRun) return injectProject(options, context)
  const onWaiting = (holder: LockHolder | undefined) => context.report({ type: 'lock-waiting', holder })
  return withProjectLock(await findPackageRoot(context.cwd), { wait: options.wait, onWaiting }, () => injectProject(options, context))
}

async function injectProject(options: InjectOptions, { cwd }: RunContext): Promise<InjectOutcome> {
  const project = await loadProject({ cwd, schema: options.schema, cache: true })
  const { migrationsDir, schemaPath } = project.layout
  const base = { schemaPath, migrationsDir, dryRun: Boolean(options.dryRun) }
  const target = options.migration === undefined ? undefined : resolveMigration(options.migration, project.history, migrationsDir, cwd)
  const plan = planElectrification({ models: project.annotated, history: project.history, target })
  const tables = (p: ElectrificationPlan) => p.tables.map((t) => t.table)

  let shared: InjectOutcome['shared']
  if (plan.tables.length === 0 || !options.newMigration) {
    const reasons = plan.tables.length === 0 || options.force ? undefined : await sharedReasons(migrationsDir, plan.migration, options.databaseUrl)
    // plan.ownMigration: text in the target would hide the DDLX from the proxy, so a new migration gets it too
    if (!reasons && !plan.ownMigration) {
      stopOnUnsurePlan(plan, project.findings, 'nothing was written')
      const injection = await injectIntoMigration(plan.file, tables(plan), { dryRun: options.dryRun })
      return { ...base, ...outcomeOf(plan), appended: injection.appended, written: injection.written, created: false, findings: [...project.findings, ...plan.findings] }
    }
    if (reasons) shared = { migration: plan.migration, reasons }
  }
  // Nothing between the newest migration and a new one: it gets at least what the newest would.
  const added = planNewMigration(project.annotated, project.history, migrationsDir)
  stopOnUnsurePlan(added, project.findings, 'nothing was written')
  const written = await writeDdlxMigration(migrationsDir, added.migration, tables(added), { dryRun: options.dryRun })
  const why = plan.ownMigration && !shared && !options.newMigration ? [plan.ownMigration] : []
  return { ...base, ...outcomeOf(added), appended: written.appended, written: written.written, created: true, shared, findings: [...project.findings, ...why, ...added.findings] }
}

/** Why `migration` is shared (committed in git, applied to the database given), or undefined. */
async function sharedReasons(migrationsDir: string, migration: string, databaseUrl: string | undefined): Promise<SharedReason[] | undefined> {
  const shared = await sharedMigrations({ migrationsDir, databaseUrl, database: { from: '--database-url' } })
  const reasons = shared.get(migration)
  return reasons && [...reasons]
}

function outcomeOf(plan: ElectrificationPlan): Pick<InjectOutcome, 'migration' | 'file' | 'tables' | 'alreadyElectrified'> {
  return { migration: plan.migration, file: plan.file, tables: plan.tables, alreadyElectrified: plan.alreadyElectrified }
}

/**
 * The plan for a migration after every other, which creates nothing (so every table in it is
 * annotated later): planned as an empty migration at the end of the history, and named after what it
 * electrifies (`<timestamp>_electrify_<table>`, `…_electrify_tables`).
 */
function planNewMigration(models: readonly AnnotatedTable[], history: readonly AnalyzedMigration[], migrationsDir: string): ElectrificationPlan {
  const existing = history.map((m) => m.name)
  const planAs = (name: string) => {
    const file = path.join(migrationsDir, name, 'migration.sql')
    return planElectrification({ models, history: [...history, { name, file, statements: [], events: [], findings: [] }], target: name })
  }
  const first = planAs(newMigrationName(existing, 'tables'))
  if (first.tables.length !== 1) return first
  return planAs(newMigrationName(existing, snake(first.tables[0]!.table.name)))
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
