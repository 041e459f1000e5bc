/**
 * `electrify deploy`, for CI and production: applies the committed migrations through the proxy and
 * nothing else. In order:
 *   1. `electrify check`'s findings, without a database: any error stops the deploy before anything runs;
 *   2. the proxy URL is resolved and asked whether it is Electric's proxy (probe-proxy.ts): ENABLE ELECTRIC
 *      sent to PostgreSQL itself would fail half-way and leave Prisma's record of a failed migration;
 *   3. `prisma migrate deploy` through the proxy: never `migrate dev`, so no new migration and no shadow
 *      database;
 *   4. the status report (status.ts) read through the proxy: every annotated table Electric does not sync,
 *      and every table it syncs that no annotation asks for. The deploy is ok when everything agrees.
 */
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import { unparsedStatementFindings } from '../migrations/analyze-migration.js'
import { findPrisma } from '../prisma/find-prisma.js'
import { interrupted, refusal } from '../prisma/prisma-outcome.js'
import { runPrisma, type PrismaRun } from '../prisma/run-prisma.js'
import { findPackageRoot } from '../project/find-package-root.js'
import { loadProject } from '../project/load-project.js'
import { explainProxyError, proxyErrorFinding } from '../proxy/explain-proxy-error.js'
import { requireElectricProxy } from '../proxy/probe-proxy.js'
import type { ProxyUrlSource } from '../proxy/resolve-proxy-url.js'
import type { DeployEvent, RunEvent } from '../report/events.js'
import { pendingMigrationFindings } from '../rules/check-findings.js'
import { stopOnErrors } from '../rules/gate.js'
import { RulesError } from '../rules/rules-error.js'
import { routeForRun, type ShownRoutes } from '../routing/route-run.js'
import { runContext, type RunContext } from '../run-context.js'
import { readDatabaseState, readDatabaseStateOn } from '../status/read-database-state.js'
import { recordedStates } from '../status/database-state.js'
import type { StatusReport } from '../status/status-report.js'
import { evaluate } from '../rules/check-outcome.js'
import { findProxy, readStatus } from './status.js'

export interface DeployOptions {
  /** `--schema`: a schema file or folder, relative to the context's cwd. */
  schema?: string
  proxyUrl?: string
  envFile?: string
  /** Command that runs Prisma, e.g. "npx prisma"; default: the project's node_modules/.bin/prisma. */
  prisma?: string
  /** Appended to every electrify command a hint gives, e.g. `['--cwd', 'apps/web']`. */
  fixArgs?: readonly string[]
  /** How hints run electrify (the project's package manager), e.g. `['pnpm', 'exec', 'electrify']`. */
  runner?: readonly string[]
  /** `--url-var`: the variable Migrate's URL comes from, when electrify cannot tell (docs/one-shot.md). */
  urlVar?: string
}

export interface DeployOutcome extends StatusReport {
  /** Everything agrees after the deploy (the exit code is 0). */
  ok: boolean
  /** The migrations this deploy applied, oldest first. */
  applied: string[]
  /** The proxy (`label`: where its URL came from), and how `migrate deploy`'s connection went through it (passwords redacted). */
  proxy: { url: string; source: ProxyUrlSource; file?: string; label: string } & ShownRoutes
  /** The check's warnings, then what disagrees after the deploy, each with its fix. */
  findings: Finding[]
  durationMs: number
}

export async function deploy(options: DeployOptions = {}, given: Partial<RunContext<DeployEvent | RunEvent>> = {}): Promise<DeployOutcome> {
  const started = performance.now()
  const context = runContext(given)
  const { cwd, env, report } = context
  const project = await loadProject({ cwd, schema: options.schema, cache: true })
  const checked = evaluate(project, { runner: options.runner, fixArgs: options.fixArgs })
  const checkFailed = (errors: readonly Finding[]) => ({
    code: 'deploy/check-failed' as const,
    message: `electrify check found ${errors.length === 1 ? 'an error' : `${errors.length} errors`}; nothing was deployed`,
    findings: checked.findings,
    hint: 'Fix the errors listed above (`electrify check` shows the same), commit, and deploy again.',
  })
  // A DO block breaks `migrate dev` (the shadow replay) wherever it is, `migrate deploy` only while pending: known below.
  const doBlock = (f: Finding) => f.code === 'migration/do-block'
  stopOnErrors(checked.findings.filter((f) => !doBlock(f)), checkFailed)
  report({ type: 'checked', annotated: checked.annotated.length, migrations: checked.migrations, warnings: checked.warnings })

  const proxy = await findProxy(options, cwd, env)
  const packageRoot = await findPackageRoot(cwd)
  // `migrate deploy` is routed like migrate's steps (no shadow database; on Prisma 7 no --url): a
  // connection that cannot go through the proxy stops the deploy here, before Prisma runs.
  const routing = await routeForRun(project, ['migrate deploy'], proxy.url, { packageRoot, env, override: { urlVar: options.urlVar } })
  report({ type: 'connection', ...proxy.shown, routes: routing.routes })
  const prisma = await findPrisma(packageRoot, options.prisma)
  const { connect } = proxy
  // Is it Electric's proxy? Its connection then reads what the database holds (one connection fewer).
  const probed = proxy.confirmed ? undefined : await requireElectricProxy(proxy.url, { from: proxy.from }, (client) => readDatabaseStateOn(client, proxy.url, connect))
  if (probed?.status === 'rejected') throw probed.reason
  const state = probed?.status === 'fulfilled' ? probed.value : await readDatabaseState(proxy.url, connect)
  const before = recordedStates(state.migrations ?? [])
  const pending = project.history.map((m) => m.name).filter((name) => before.get(name) !== 'applied')
  const pendingMigrations = project.history.filter((m) => pending.includes(m.name))
  const pendingFiles = new Set(pendingMigrations.map((m) => m.file))
  // What the pending migrations hold that Postgres or the proxy would refuse (check's warnings about a
  // statement it cannot read, the syntax of the statements check leaves unparsed, a DO block) is an
  // error now: `migrate deploy` would record that migration as failed.
  const refused = pendingMigrationFindings([...checked.findings, ...(await unparsedStatementFindings(pendingMigrations))], pendingFiles)
  stopOnErrors(refused, (errors) => ({ ...checkFailed(errors), findings: [...checked.findings.filter((f) => !f.file || !pendingFiles.has(f.file)), ...refused] }))
  report({ type: 'pending', migrations: pending })
  const args = ['migrate', 'deploy', ...(options.schema ? ['--schema', project.layout.schemaPath] : [])]
  const run = await runPrisma(prisma, 'deploy', args, context, { routing: routing.for('migrate deploy') })
  if (run.aborted) throw interrupted(`prisma ${args.join(' ')}`)
  if (run.exitCode !== 0) {
    // Which migration failed, and how far the deploy got, when the proxy still answers.
    const after = await readStatus(project, proxy.url, connect).catch(() => undefined)
    throw deployFailed(run, after, project.history)
  }

  const { findings, ...status } = await readStatus(project, proxy.url, connect, options)
  return {
    ok: status.inSync,
    ...status,
    applied: pending.filter((name) => !status.pending.includes(name) && !status.failed.some((f) => f.name === name)),
    proxy: { ...proxy.shown, routes: routing.routes },
    findings: [...checked.findings, ...findings],
    durationMs: performance.now() - started,
  }
}

/**
 * `prisma migrate deploy` failed: Electric's answer explained when it refused a migration, and the way past
 * the migration Prisma recorded as failed (in production its record must stay: resolve it, do not delete it).
 */
function deployFailed(run: PrismaRun, after: StatusReport | undefined, history: readonly { name: string; file: string }[]): ElectrifyError {
  const failed = after?.failed.at(-1)
  const file = history.find((m) => m.name === failed?.name)?.file
  const what = `prisma migrate deploy failed${failed ? ` at ${failed.name}` : ''}`
  const resolve = failed
    ? `Prisma recorded ${failed.name} as failed and applies nothing until it is resolved: fix the migration, run \`prisma migrate resolve --rolled-back ${failed.name}\` through the proxy, then deploy again.`
    : 'Fix the problem Prisma reports above, then deploy again.'
  const progress = after ? ` ${after.migrations.applied} of ${after.migrations.total} migrations are applied.` : ''
  const explained = explainProxyError(run.output)
  if (explained) {
    return new RulesError(`${what}: ${refusal(explained)}`, {
      code: 'deploy/prisma-failed',
      file,
      findings: [proxyErrorFinding(explained, file)],
      hint: `${explained.fix} ${resolve}${progress}`,
    })
  }
  return new ElectrifyError(`${what} (exit code ${run.exitCode})`, { code: 'deploy/prisma-failed', file, hint: `${resolve}${progress}` })
}
