/**
 * `electrify` / `electrify migrate`: the one-shot job. Creates a migration with the project's own
 * Prisma through the proxy, appends ENABLE ELECTRIC for annotated tables, then applies it through
 * the proxy. Every step either completes or leaves things as a re-run can pick them up. It reports
 * each step as an event (src/report/events.ts) and returns the outcome; printing is the reporter's job.
 */
import { mkdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import type { Finding } from '../findings.js'
import { writeFileAtomic } from '../fs/write-file-atomic.js'
import { injectIntoMigration } from '../inject/inject-migration.js'
import { renderAppendix } from '../inject/render-appendix.js'
import { analyzeMigration, type AnalyzedMigration } from '../migrations/analyze-migration.js'
import { migrationFolderName } from '../migrations/migration-name.js'
import { inMigrationOrder } from '../migrations/migration-order.js'
import { listMigrations, readMigrations, type MigrationFolder } from '../migrations/read-history.js'
import { planElectrification, type PlannedTable } from '../plan/plan-electrification.js'
import { findPrisma } from '../prisma/find-prisma.js'
import { stopOnFailedApply, stopOnFailedStep } from '../prisma/prisma-outcome.js'
import { runPrisma } from '../prisma/run-prisma.js'
import { findPackageRoot } from '../project/find-package-root.js'
import { loadProject } from '../project/load-project.js'
import { checkReachable } from '../proxy/check-reachable.js'
import { redactUrl } from '../proxy/redact-url.js'
import { resolveProxyUrl, type ProxyUrlSource } from '../proxy/resolve-proxy-url.js'
import type { PrismaStep, RunEvent } from '../report/events.js'
import { stopOnErrors } from '../rules/gate.js'
import { historyFindings, preflightFindings } from '../rules/index.js'
import { runContext, type RunContext } from '../run-context.js'
import { loadSqlParser } from '../sql/statements.js'

/** The options `migrate` and `watch` share (the CLI defines them once: src/cli/migrate-options.ts). */
export interface MigrateSettings {
  /** `--schema`: a schema file or folder, relative to the context's cwd. */
  schema?: string
  proxyUrl?: string
  envFile?: string
  /** Command that runs Prisma, e.g. "npx prisma"; default: the project's node_modules/.bin/prisma. */
  prisma?: string
  /** Apply with `prisma migrate deploy` instead of `prisma migrate dev`. */
  deploy?: boolean
  /**
   * Check Electric's rules before running anything (default true): the annotated models before Prisma
   * runs, the new migration before it is applied. `false` (`--no-preflight`) leaves it to the proxy.
   */
  preflight?: boolean
}

export interface MigrateOptions extends MigrateSettings {
  /** Migration name, passed to `prisma migrate dev --name`. */
  name: string
  /** Stop after injecting; apply nothing. */
  createOnly?: boolean
}

export interface MigrateOutcome {
  /** `in-sync`: nothing to do and no migration left behind. */
  status: 'applied' | 'created' | 'in-sync'
  migration?: string
  file?: string
  tables: PlannedTable[]
  proxy: { url: string; source: ProxyUrlSource; file?: string }
  durationMs: number
  findings: Finding[]
}

export async function migrate(options: MigrateOptions, given: Partial<RunContext<RunEvent>> = {}): Promise<MigrateOutcome> {
  const started = performance.now()
  const context = runContext(given)
  const { cwd, env, report } = context
  // Loaded while the rest runs (the history may need it now, Prisma's new migration later); awaited where needed.
  const parser = loadSqlParser()
  parser.catch(() => {})
  const project = await loadProject({ cwd, schema: options.schema }) // an invalid schema stops here
  const checkRules = options.preflight !== false
  const preflight = checkRules ? preflightFindings(project.schema, project.annotated) : []
  stopOnErrors(preflight, (errors) => ({
    code: 'rules/preflight-failed',
    message: `${errors.length === 1 ? 'an annotated model breaks' : `${errors.length} problems in annotated models break`} Electric's rules; nothing was run`,
    findings: [...project.findings, ...preflight],
    hint: 'Fix the errors listed above in the schema and run electrify again (--no-preflight skips this check and leaves it to the proxy).',
  }))
  // A migration already in the history that breaks the rules cannot have gone through the proxy: it is
  // pending, and Prisma would apply it first. Stop before Prisma runs.
  const pending = checkRules ? historyFindings(project.history) : []
  stopOnErrors(pending, ([first]) => ({
    code: 'rules/history-rejected',
    message: 'a migration in the history changes electrified tables in ways Electric rejects; nothing was run',
    file: first!.file,
    line: first!.line,
    findings: [...project.findings, ...preflight, ...pending],
    hint: 'Fix the migration as the errors above say (it cannot have been applied through the proxy), then run electrify again (--no-preflight leaves it to the proxy).',
  }))

  // The warnings so far, before Prisma's output: they are about the schema the user just edited.
  if (project.findings.length + preflight.length > 0) report({ type: 'findings', findings: [...project.findings, ...preflight] })

  const packageRoot = await findPackageRoot(cwd)
  const proxy = await resolveProxyUrl({ proxyUrl: options.proxyUrl, envFile: options.envFile, projectRoot: packageRoot, cwd, env })
  const proxyShown = { url: redactUrl(proxy.url), source: proxy.source, file: proxy.file }
  report({ type: 'connection', ...proxyShown })
  const prisma = await findPrisma(packageRoot, options.prisma)
  await checkReachable(proxy.url, proxy.source)
  const runStep = (step: PrismaStep, args: string[], migration?: string) => runPrisma(prisma, step, args, context, { databaseUrl: proxy.url, migration })

  const { migrationsDir } = project.layout
  const before = new Set(project.history.map((m) => m.name))
  const schemaArgs = options.schema ? ['--schema', project.layout.schemaPath] : []
  stopOnFailedStep(await runStep('create', ['migrate', 'dev', '--create-only', '--name', options.name, ...schemaArgs]), 'prisma migrate dev --create-only')

  const created = (await listMigrations(migrationsDir)).filter((m) => !before.has(m.name))
  // Prisma only added migration folders: analyse those and keep the rest of what was read before.
  await parser
  const added = await readMigrations(created)
  const history = inMigrationOrder([...project.history, ...added])
  let target = created.at(-1)
  const plan = planElectrification({ models: project.annotated, history, target: target?.name })
  const tables = plan.tables.map((t) => t.table)
  const base = { proxy: proxyShown, findings: [...project.findings, ...added.flatMap((m) => m.findings), ...plan.findings, ...preflight] }
  const inSync = (): MigrateOutcome => ({ ...base, status: 'in-sync', tables: [], durationMs: performance.now() - started })

  if (target) {
    const statements = added.find((m) => m.name === target!.name)?.statements ?? []
    if (statements.length === 0 && tables.length === 0) {
      // Prisma wrote an empty migration and nothing needs electrifying: leave no trace.
      await rm(target.dir, { recursive: true, force: true })
      return inSync()
    }
    await injectIntoMigration(target.file, tables)
    if (tables.length > 0) report({ type: 'electrified', migration: target.name, file: target.file, tables, written: false })
  } else if (tables.length > 0) {
    // Prisma made no migration (it had nothing to diff) but an annotation was added: write our own.
    target = await writeMigration(migrationsDir, options.name, plan.tables)
    report({ type: 'electrified', migration: target.name, file: target.file, tables, written: true })
  } else {
    return inSync()
  }

  if (checkRules) base.findings.push(...(await checkNewMigration(history, target, cwd, base.findings)))
  const outcome = { ...base, migration: target.name, file: target.file, tables: plan.tables }
  if (options.createOnly) return { ...outcome, status: 'created', durationMs: performance.now() - started }
  const apply = options.deploy ? ['migrate', 'deploy', ...schemaArgs] : ['migrate', 'dev', ...schemaArgs]
  stopOnFailedApply(await runStep('apply', apply, target.name), `prisma ${apply.join(' ')}`, target, { cwd, findings: base.findings })
  return { ...outcome, status: 'applied', durationMs: performance.now() - started }
}

/** The rules over the history with the new migration as it now stands (DDLX appended): errors stop the run before it is applied. */
async function checkNewMigration(history: readonly AnalyzedMigration[], target: MigrationFolder, cwd: string, before: readonly Finding[]): Promise<Finding[]> {
  const current = analyzeMigration({ name: target.name, file: target.file, sql: await readFile(target.file, 'utf8') })
  const findings = historyFindings(inMigrationOrder([...history.filter((m) => m.name !== target.name), current]))
  stopOnErrors(findings, (errors) => ({
    code: 'rules/migration-rejected',
    message: `${target.name} changes electrified tables in ways Electric rejects (${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}); it was created but not applied`,
    file: target.file,
    line: errors[0]!.line,
    findings: [...before, ...findings],
    hint: `Edit ${path.relative(cwd, target.file)} as the errors above say, or delete the folder ${target.name}, change the schema and run electrify again (--no-preflight applies it anyway and leaves it to the proxy).`,
  }))
  return findings
}

/** A migration folder named like Prisma's holding only the DDLX. */
async function writeMigration(migrationsDir: string, name: string, tables: readonly PlannedTable[]): Promise<MigrationFolder> {
  const folder = migrationFolderName(name)
  const dir = path.join(migrationsDir, folder)
  const file = path.join(dir, 'migration.sql')
  await mkdir(dir, { recursive: true })
  await writeFileAtomic(file, renderAppendix('', tables.map((t) => t.table)))
  return { name: folder, dir, file }
}
