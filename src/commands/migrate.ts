/**
 * `electrify` / `electrify migrate`: the one-shot job. Creates a migration with the project's own
 * Prisma through the proxy, appends ENABLE ELECTRIC for annotated tables, then applies it through
 * the proxy. Every step either completes or leaves things as a re-run can pick them up. It runs
 * holding the project's lock (one run at a time), and appends only to the migration Prisma just
 * created, never to one that is shared (docs/safety.md). It reports each step as an event
 * (src/report/events.ts) and returns the outcome; printing is the reporter's job.
 */
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import type { ConnectOptions } from '../db/connect.js'
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import { withProjectLock, type LockHolder } from '../fs/project-lock.js'
import { removeLeftovers, removeRunMarker, runMarkerFile, writeRunMarker } from '../history/run-marker.js'
import { appliedMigrations, readAppliedMigrations } from '../history/shared-migrations.js'
import { injectIntoMigration, writeDdlxMigration } from '../inject/inject-migration.js'
import { analyzeMigration, unparsedStatementFindings, type AnalyzedMigration } from '../migrations/analyze-migration.js'
import { migrationFolderName, newMigrationName, snake } from '../migrations/migration-name.js'
import { inMigrationOrder } from '../migrations/migration-order.js'
import { listMigrations, readMigrations, type MigrationFolder } from '../migrations/read-history.js'
import { stopOnUnsurePlan } from '../plan/unreadable-sql.js'
import { planElectrification, type PlannedTable } from '../plan/plan-electrification.js'
import { findPrisma } from '../prisma/find-prisma.js'
import { stopOnFailedApply, stopOnFailedStep } from '../prisma/prisma-outcome.js'
import { runPrisma } from '../prisma/run-prisma.js'
import { findPackageRoot } from '../project/find-package-root.js'
import { loadProject, type LoadedProject } from '../project/load-project.js'
import { requireElectricProxy } from '../proxy/probe-proxy.js'
import { redactUrl } from '../proxy/redact-url.js'
import { resolveProxyUrl, type ProxyUrlSource } from '../proxy/resolve-proxy-url.js'
import type { PrismaStep, RunEvent } from '../report/events.js'
import { routeForRun, type ShownRoutes } from '../routing/route-run.js'
import { pendingMigrationFindings, projectFindings } from '../rules/check-findings.js'
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
  /** `--url-var <NAME>`: the variable holding the URL Migrate connects with, where electrify cannot read it (docs/one-shot.md). */
  urlVar?: string
  /** `--shadow-url-var <NAME>`: the same for the shadow database URL. */
  shadowUrlVar?: string
  /** Wait while another run holds the project's lock (default), or fail at once with `project/locked` (`--no-wait`). */
  wait?: boolean
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
  /** The proxy (`label`: where the URL came from, in words), and which of Prisma's connections went through it how (passwords redacted). */
  proxy: { url: string; source: ProxyUrlSource; file?: string; label: string } & ShownRoutes
  durationMs: number
  findings: Finding[]
  /** Empty migrations that an interrupted run left behind (never applied, not committed), removed before Prisma ran; only when there were. */
  removed?: string[]
}

export async function migrate(options: MigrateOptions, given: Partial<RunContext<RunEvent>> = {}): Promise<MigrateOutcome> {
  const started = performance.now()
  const context = runContext(given)
  const packageRoot = await findPackageRoot(context.cwd)
  const onWaiting = (holder: LockHolder | undefined) => context.report({ type: 'lock-waiting', holder })
  return withProjectLock(packageRoot, { wait: options.wait, onWaiting }, () => migrateProject(options, context, packageRoot, started))
}

async function migrateProject(options: MigrateOptions, context: RunContext<RunEvent>, packageRoot: string, started: number): Promise<MigrateOutcome> {
  const { cwd, env, report } = context
  // Loaded while the rest runs (the history may need it now, Prisma's new migration later); awaited where needed.
  const parser = loadSqlParser()
  parser.catch(() => {})
  // Through the analysis cache, like check: on a long history the next run parses only what changed.
  const project = await loadProject({ cwd, schema: options.schema, cache: true }) // an invalid schema stops here
  const checkRules = options.preflight !== false
  const preflight = checkRules ? preflightFindings(project.schema, project.annotated) : []
  stopOnErrors(preflight, (errors) => ({
    code: 'rules/preflight-failed',
    message: `${errors.length === 1 ? 'an annotated model breaks' : `${errors.length} problems in annotated models break`} Electric's rules; nothing was run`,
    findings: [...project.findings, ...preflight],
    hint: 'Fix the errors listed above in the schema and run electrify again (--no-preflight skips this check and leaves it to the proxy).',
  }))

  // The warnings so far, before Prisma's output: they are about the schema the user just edited.
  if (project.findings.length + preflight.length > 0) report({ type: 'findings', findings: [...project.findings, ...preflight] })

  const proxy = await resolveProxyUrl({ proxyUrl: options.proxyUrl, envFile: options.envFile, projectRoot: packageRoot, cwd, env })
  // Every command of the run is routed before the first runs: a connection that cannot go through the proxy stops it here.
  const applyCommand = options.deploy ? 'migrate deploy' : 'migrate dev'
  const override = { urlVar: options.urlVar, shadowUrlVar: options.shadowUrlVar }
  const routing = await routeForRun(project, options.createOnly ? ['migrate dev'] : ['migrate dev', applyCommand], proxy.url, { packageRoot, env, override })
  const proxyShown = { url: redactUrl(proxy.url), source: proxy.source, file: proxy.file, label: proxy.label, routes: routing.routes, deployRoutes: routing.deployRoutes }
  report({ type: 'connection', ...proxyShown })
  // Is it Electric's proxy, and not PostgreSQL itself? (src/proxy/probe-proxy.ts) Asked once, by the
  // first that needs the proxy: which migrations are applied (through the proxy, which passes the query
  // on; the probe's connection reads them), or at the latest before anything is created. What is found
  // without the proxy is told first: the rules' problems (when the proxy cannot be asked, every migration
  // counts as pending), then a missing or unsupported Prisma.
  const database: ConnectOptions = { what: "Electric's proxy", from: proxy.label, scope: 'proxy' }
  let probed: Promise<PromiseSettledResult<Set<string>> | undefined> | undefined
  const probe = () => (probed ??= proxy.confirmed ? Promise.resolve(undefined) : requireElectricProxy(proxy.url, { from: proxy.label }, (client) => readAppliedMigrations(client, proxy.url)))
  let appliedOnce: Promise<Set<string>> | undefined
  const applied = () => (appliedOnce ??= probe().then((read) => (read?.status === 'fulfilled' ? read.value : appliedMigrations(proxy.url, database))))
  const { migrationsDir } = project.layout
  // An empty migration an interrupted run left would be applied by Prisma, and kept for ever: removed first
  // (before the pending migrations are judged: such a leftover is one of them).
  const marker = runMarkerFile(packageRoot, migrationsDir)
  const removed = await removeLeftovers({ markerFile: marker, history: project.history, migrationsDir, applied })
  for (const m of removed) report({ type: 'leftover-removed', migration: m.name, dir: path.dirname(m.file) })
  const history = project.history.filter((m) => !removed.includes(m))

  if (checkRules) await stopOnRefusedPending({ ...project, history }, preflight, applied)
  const prisma = await findPrisma(packageRoot, options.prisma)
  await probe()

  const runStep = (step: PrismaStep, args: string[], migration?: string) =>
    runPrisma(prisma, step, args, context, { routing: routing.for(step === 'create' ? 'migrate dev' : applyCommand), migration })

  const before = new Set(history.map((m) => m.name))
  const schemaArgs = options.schema ? ['--schema', project.layout.schemaPath] : []
  // Until what Prisma creates is dealt with, a marker says this run created it (run-marker.ts).
  await writeRunMarker(marker, { pid: process.pid, name: options.name, since: new Date().toISOString(), existing: [...before] })
  stopOnFailedStep(await runStep('create', ['migrate', 'dev', '--create-only', '--name', options.name, ...schemaArgs]), 'prisma migrate dev --create-only')

  const created = (await listMigrations(migrationsDir)).filter((m) => !before.has(m.name))
  // Prisma only added migration folders: analyse those and keep the rest of what was read before.
  await parser
  const added = await readMigrations(created)
  const all = inMigrationOrder([...history, ...added])
  let target = created.at(-1)
  const plan = planElectrification({ models: project.annotated, history: all, target: target?.name })
  stopOnUnsurePlan(plan, [...project.findings, ...added.flatMap((m) => m.findings), ...preflight], target ? `${target.name} was created; nothing was added to it or applied` : 'nothing was applied')
  const tables = plan.tables.map((t) => t.table)
  const base = { proxy: proxyShown, ...(removed.length ? { removed: removed.map((m) => m.name) } : {}), findings: [...project.findings, ...added.flatMap((m) => m.findings), ...plan.findings, ...preflight] }
  const inSync = async (): Promise<MigrateOutcome> => {
    await removeRunMarker(marker)
    return { ...base, status: 'in-sync', tables: [], durationMs: performance.now() - started }
  }

  if (target) {
    const statements = added.find((m) => m.name === target!.name)?.statements ?? []
    if (statements.length === 0 && tables.length === 0) {
      // Prisma wrote an empty migration and nothing needs electrifying: leave no trace.
      await rm(target.dir, { recursive: true, force: true })
      return inSync()
    }
    if (plan.ownMigration) {
      // Text in Prisma's migration would hide the DDLX from the proxy: a migration of its own, right after it.
      base.findings.push(plan.ownMigration)
      const folder = newMigrationName(all.map((m) => m.name), tables.length === 1 ? snake(tables[0]!.name) : 'tables')
      const written = await writeDdlxMigration(migrationsDir, folder, tables)
      target = { name: folder, dir: written.dir, file: written.file }
      report({ type: 'electrified', migration: target.name, file: target.file, tables, written: true })
    } else {
      // Prisma's new migration: never shared, so the DDLX goes into it.
      await injectIntoMigration(target.file, tables)
      if (tables.length > 0) report({ type: 'electrified', migration: target.name, file: target.file, tables, written: false })
    }
  } else if (tables.length > 0) {
    // Prisma made no migration (it had nothing to diff) but an annotation was added: write our own, to run last.
    const folder = migrationFolderName(all.map((m) => m.name), options.name)
    const written = await writeDdlxMigration(migrationsDir, folder, tables)
    target = { name: folder, dir: written.dir, file: written.file }
    report({ type: 'electrified', migration: target.name, file: target.file, tables, written: true })
  } else {
    return inSync()
  }
  await removeRunMarker(marker)

  if (checkRules) base.findings.push(...(await checkNewMigration(all, target, cwd, base.findings)))
  const outcome = { ...base, migration: target.name, file: target.file, tables: plan.tables }
  if (options.createOnly) return { ...outcome, status: 'created', durationMs: performance.now() - started }
  const apply = options.deploy ? ['migrate', 'deploy', ...schemaArgs] : ['migrate', 'dev', ...schemaArgs]
  stopOnFailedApply(await runStep('apply', apply, target.name), `prisma ${apply.join(' ')}`, target, { cwd, findings: base.findings })
  return { ...outcome, status: 'applied', durationMs: performance.now() - started }
}

/**
 * Stops the run before Prisma when a pending migration holds what the proxy would refuse: Prisma
 * applies pending migrations first, and one that fails is recorded as failed. The findings are
 * check's (rules/check-findings.ts), plus the syntax of the statements check leaves unparsed (data,
 * function bodies, …), asked of the pending migrations only. When the database cannot be asked which
 * migrations are applied, every migration counts as pending (the run could not go on without the
 * proxy anyway).
 */
async function stopOnRefusedPending(project: LoadedProject, preflight: readonly Finding[], applied: () => Promise<Set<string>>): Promise<void> {
  const { history } = project
  const all = projectFindings({ schema: project.schema, annotated: project.annotated, history, loaded: project.findings })
  // A DO block stops `prisma migrate dev` applied or not: the proxy drops the shadow database's replay of it.
  stopOnErrors(all.filter((f) => f.code === 'migration/do-block'), (errors) => ({
    code: 'rules/history-rejected',
    message: `a DO block in the history, which Electric's proxy cannot read (${count(errors.length, 'block')}); nothing was run`,
    file: errors[0]!.file,
    line: errors[0]!.line,
    findings: [...project.findings, ...preflight, ...errors],
    hint: errors[0]!.hint!,
  }))
  const appliedNames = await applied().catch((error: unknown) => {
    if (error instanceof ElectrifyError) return new Set<string>()
    throw error
  })
  const pending = history.filter((m) => !appliedNames.has(m.name))
  const pendingFiles = new Set(pending.map((m) => m.file))
  const refused = pendingMigrationFindings([...all, ...(await unparsedStatementFindings(pending))], pendingFiles)
  stopOnErrors(refused, (errors) => {
    const names = [...new Set(errors.map((e) => pending.find((m) => m.file === e.file)!.name))]
    return {
      code: 'rules/history-rejected',
      message: `${names.length === 1 ? 'pending migration' : 'pending migrations'} ${names.join(', ')} (not applied yet) would be refused by the proxy (${count(errors.length, 'problem')}); nothing was run`,
      file: errors[0]!.file,
      line: errors[0]!.line,
      findings: [...project.findings.filter((f) => !f.file || !pendingFiles.has(f.file)), ...preflight, ...refused],
      hint: 'Fix the pending migration as the errors above say (`electrify check` lists the same), then run electrify again (--no-preflight leaves it to the proxy).',
    }
  })
}

/** The rules over the history with the new migration as it now stands (DDLX appended): errors stop the run before it is applied. */
async function checkNewMigration(history: readonly AnalyzedMigration[], target: MigrationFolder, cwd: string, before: readonly Finding[]): Promise<Finding[]> {
  const source = { name: target.name, file: target.file, sql: await readFile(target.file, 'utf8') }
  const current = { ...analyzeMigration(source), sql: source.sql }
  const findings = historyFindings(inMigrationOrder([...history.filter((m) => m.name !== target.name), current]))
  stopOnErrors(findings, (errors) => ({
    code: 'rules/migration-rejected',
    message: `${target.name} ${errors.every((e) => e.code.startsWith('additive/') || e.code.startsWith('placement/')) ? 'changes electrified tables in ways Electric rejects' : 'breaks Electric\'s rules'} (${count(errors.length, 'problem')}); it was created but not applied`,
    file: target.file,
    line: errors[0]!.line,
    findings: [...before, ...findings],
    hint: `Edit ${path.relative(cwd, target.file)} as the errors above say, or delete the folder ${target.name}, change the schema and run electrify again (--no-preflight applies it anyway and leaves it to the proxy).`,
  }))
  return findings
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
