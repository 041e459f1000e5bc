/**
 * `electrify` / `electrify migrate`: the one-shot job. Creates a migration with the project's own
 * Prisma through the proxy, appends ENABLE ELECTRIC for annotated tables, then applies it through
 * the proxy. Every step either completes or leaves things as a re-run can pick them up.
 */
import { mkdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import type { Writable } from 'node:stream'
import { ElectrifyError } from '../errors.js'
import { hasErrors, type Finding } from '../findings.js'
import { injectIntoMigration } from '../inject/inject-migration.js'
import { renderAppendix } from '../inject/render-appendix.js'
import { analyzeMigration, type AnalyzedMigration } from '../migrations/analyze-migration.js'
import { inMigrationOrder } from '../migrations/migration-order.js'
import { listMigrations, readMigrations } from '../migrations/read-history.js'
import { writeFileAtomic } from '../fs/write-file-atomic.js'
import { planElectrification, type PlannedTable } from '../plan/plan-electrification.js'
import { findPrisma } from '../prisma/find-prisma.js'
import { runPrisma, type PrismaRun } from '../prisma/run-prisma.js'
import { checkReachable } from '../proxy/check-reachable.js'
import { explainProxyError, proxyErrorFinding } from '../proxy/explain-proxy-error.js'
import { redactUrl } from '../proxy/redact-url.js'
import { resolveProxyUrl, type ProxyUrlSource } from '../proxy/resolve-proxy-url.js'
import { quoteTableName } from '../sql/identifiers.js'
import { loadSqlParser } from '../sql/statements.js'
import { findPackageRoot } from '../project/find-package-root.js'
import { historyFindings, preflightFindings } from '../rules/index.js'
import { RulesError } from '../rules/rules-error.js'
import { loadProject, type ProjectOptions } from './load-project.js'

export interface MigrateOptions extends ProjectOptions {
  /** Migration name, passed to `prisma migrate dev --name`. */
  name: string
  proxyUrl?: string
  envFile?: string
  /** Command that runs Prisma, e.g. "npx prisma"; default: the project's node_modules/.bin/prisma. */
  prisma?: string
  /** Stop after injecting; apply nothing. */
  createOnly?: boolean
  /** Apply with `prisma migrate deploy` instead of `prisma migrate dev`. */
  deploy?: boolean
  /**
   * Check Electric's rules before running anything (default true): the annotated models before Prisma
   * runs, the new migration before it is applied. `false` (`--no-preflight`) leaves it to the proxy.
   */
  preflight?: boolean
  env?: NodeJS.ProcessEnv
  /** Where Prisma's output and progress go. */
  stdout?: Writable
  stderr?: Writable
  /** Aborting stops a running Prisma child. */
  signal?: AbortSignal
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

export async function migrate(options: MigrateOptions): Promise<MigrateOutcome> {
  const started = performance.now()
  const cwd = path.resolve(options.cwd ?? process.cwd())
  const env = options.env ?? process.env
  const stdout = options.stdout ?? process.stdout
  const stderr = options.stderr ?? process.stderr
  const project = await loadProject({ cwd, schema: options.schema }) // an invalid schema stops here
  const checkRules = options.preflight !== false
  const preflight = checkRules ? preflightFindings(project.schema, project.annotated) : []
  if (hasErrors(preflight)) {
    const errors = preflight.filter((f) => f.severity === 'error')
    throw new RulesError(`${errors.length === 1 ? 'an annotated model breaks' : `${errors.length} problems in annotated models break`} Electric's rules; nothing was run`, {
      code: 'rules/preflight-failed',
      findings: [...project.findings, ...preflight],
      hint: 'Fix the errors listed above in the schema and run electrify again (--no-preflight skips this check and leaves it to the proxy).',
    })
  }
  // A migration already in the history that breaks the rules cannot have gone through the proxy: it is
  // pending, and Prisma would apply it first. Stop before Prisma runs.
  const pending = checkRules ? historyFindings(project.history) : []
  if (hasErrors(pending)) {
    const first = pending.find((f) => f.severity === 'error')!
    throw new RulesError(`a migration in the history changes electrified tables in ways Electric rejects; nothing was run`, {
      code: 'rules/history-rejected',
      file: first.file,
      line: first.line,
      findings: [...project.findings, ...preflight, ...pending],
      hint: `Fix the migration as the errors above say (it cannot have been applied through the proxy), then run electrify again (--no-preflight leaves it to the proxy).`,
    })
  }
  const packageRoot = await findPackageRoot(cwd)
  const proxy = await resolveProxyUrl({ proxyUrl: options.proxyUrl, envFile: options.envFile, projectRoot: packageRoot, cwd, env })
  const proxyShown = { url: redactUrl(proxy.url), source: proxy.source, file: proxy.file }
  const note = (text: string) => stderr.write(`electrify: ${text}\n`)
  note(`proxy ${proxyShown.url} (from ${proxy.file ? path.relative(cwd, proxy.file) || proxy.file : proxy.source})`)
  const prisma = await findPrisma(packageRoot, options.prisma)
  await checkReachable(proxy.url, proxy.source)

  const prismaRun = (args: string[]) => runPrisma(prisma, args, { cwd, env, databaseUrl: proxy.url, stdout, stderr, signal: options.signal })
  const { migrationsDir } = project.layout
  const before = new Set(project.history.map((m) => m.name))
  const schemaArgs = options.schema ? ['--schema', project.layout.schemaPath] : []
  check(await prismaRun(['migrate', 'dev', '--create-only', '--name', options.name, ...schemaArgs]), 'prisma migrate dev --create-only')

  const created = (await listMigrations(migrationsDir)).filter((m) => !before.has(m.name))
  // Prisma only added migration folders: analyse those and keep the rest of what was read before.
  const added = await readMigrations(created)
  const history = inMigrationOrder([...project.history, ...added])
  let target = created.at(-1)
  const plan = planElectrification({ models: project.annotated, history, target: target?.name })
  const base = { proxy: proxyShown, findings: [...project.findings, ...added.flatMap((m) => m.findings), ...plan.findings, ...preflight] }

  if (target) {
    const statements = added.find((m) => m.name === target!.name)?.statements ?? []
    if (statements.length === 0 && plan.tables.length === 0) {
      // Prisma wrote an empty migration and nothing needs electrifying: leave no trace.
      await rm(target.dir, { recursive: true, force: true })
      return { ...base, status: 'in-sync', tables: [], durationMs: performance.now() - started }
    }
    await injectIntoMigration(target.file, plan.tables.map((t) => t.table))
    if (plan.tables.length > 0) note(`appended ENABLE ELECTRIC for ${plan.tables.map((t) => quoteTableName(t.table)).join(', ')} to ${path.relative(cwd, target.file)}`)
  } else if (plan.tables.length > 0) {
    // Prisma made no migration (it had nothing to diff) but an annotation was added: write our own.
    target = await writeMigration(migrationsDir, options.name, plan.tables)
    note(`Prisma found no schema change; wrote ${path.relative(cwd, target.file)} with ENABLE ELECTRIC only`)
  } else {
    return { ...base, status: 'in-sync', tables: [], durationMs: performance.now() - started }
  }

  if (checkRules) base.findings.push(...(await checkMigration(history, target, cwd, base.findings)))
  const outcome = { ...base, migration: target.name, file: target.file, tables: plan.tables }
  if (options.createOnly) return { ...outcome, status: 'created', durationMs: performance.now() - started }
  const apply = options.deploy ? ['migrate', 'deploy', ...schemaArgs] : ['migrate', 'dev', ...schemaArgs]
  note(`applying ${target.name} through the proxy (prisma ${apply.join(' ')})`)
  const applied = await prismaRun(apply)
  if (applied.aborted) throw interrupted(`prisma ${apply.join(' ')}`)
  if (applied.exitCode !== 0) {
    const explained = explainProxyError(applied.output)
    if (explained) {
      const where = path.relative(cwd, target.file)
      throw new RulesError(`applying ${target.name} through the proxy failed: ${explained.sentence}\n  Electric answered: ${indent(explained.raw)}`, {
        code: 'migrate/apply-failed',
        file: target.file,
        findings: [...base.findings, proxyErrorFinding(explained, target.file)],
        hint:
          `${explained.fix} Nothing of ${target.name} was applied (the proxy rolled it back), but Prisma recorded it as failed: ${failedMigrationAdvice(target.name, path.dirname(where))}`,
      })
    }
    throw new ElectrifyError(`applying ${target.name} through the proxy failed (prisma ${apply.join(' ')} exited ${applied.exitCode})`, {
      code: 'migrate/apply-failed',
      file: target.file,
      hint:
        `The migration keeps its ENABLE ELECTRIC statements. Fix the cause shown above in ${path.relative(cwd, target.file)} or the schema; ` +
        `if Prisma recorded the migration as failed, run \`prisma migrate resolve --rolled-back ${target.name}\`; then run electrify again.`,
    })
  }
  return { ...outcome, status: 'applied', durationMs: performance.now() - started }
}

/** The rules over the history with the new migration as it now stands (DDLX appended): errors stop the run before it is applied. */
async function checkMigration(history: readonly AnalyzedMigration[], target: { name: string; file: string }, cwd: string, before: readonly Finding[]): Promise<Finding[]> {
  await loadSqlParser()
  const current = analyzeMigration({ name: target.name, file: target.file, sql: await readFile(target.file, 'utf8') })
  const replayed = inMigrationOrder([...history.filter((m) => m.name !== target.name), current])
  const findings = historyFindings(replayed)
  const errors = findings.filter((f) => f.severity === 'error')
  if (errors.length === 0) return findings
  const where = path.relative(cwd, target.file)
  throw new RulesError(`${target.name} changes electrified tables in ways Electric rejects (${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}); it was created but not applied`, {
    code: 'rules/migration-rejected',
    file: target.file,
    line: errors[0]!.line,
    findings: [...before, ...findings],
    hint: `Edit ${where} as the errors above say, or delete the folder ${target.name}, change the schema and run electrify again (--no-preflight applies it anyway and leaves it to the proxy).`,
  })
}

/**
 * How to get past a migration Prisma recorded as failed. In development (`migrate dev`) Prisma refuses
 * a failed migration that was edited, or whose folder is gone, even once resolved: the record must go.
 */
function failedMigrationAdvice(name: string, folder: string): string {
  return (
    `change the schema, delete ${folder} and Prisma's record of it ` +
    `(\`DELETE FROM _prisma_migrations WHERE migration_name = '${name}'\`), then run electrify again, which creates it anew ` +
    `(with --deploy: fix the migration, run \`prisma migrate resolve --rolled-back ${name}\` and deploy again).`
  )
}

/** Continuation lines of an error quoted under a message, indented below it. */
function indent(text: string): string {
  return text.replaceAll('\n', '\n  ')
}

/** Stops the run when a Prisma step failed; Prisma's own output has already been shown. */
function check(run: PrismaRun, what: string): void {
  if (run.aborted) throw interrupted(what)
  const explained = run.exitCode !== 0 ? explainProxyError(run.output) : undefined
  if (explained) {
    // A pending migration that Prisma applied first was refused by Electric.
    throw new RulesError(`${what} failed: ${explained.sentence}\n  Electric answered: ${indent(explained.raw)}`, {
      code: 'migrate/prisma-failed',
      exitCode: run.exitCode,
      findings: [{ severity: 'error', code: explained.code, message: explained.sentence, hint: explained.fix, electricCode: explained.electricCode, raw: explained.raw } as Finding],
      hint: `${explained.fix} Prisma recorded that pending migration as failed: ${failedMigrationAdvice('<migration>', 'its folder')}`,
    })
  }
  const failed = run.exitCode !== 0 ? /The `([^`]+)` migration started at [^\n]* failed/.exec(run.output) : null
  if (failed) {
    throw new ElectrifyError(`${what} failed: Prisma recorded migration ${failed[1]} as failed, and applies nothing until that is resolved`, {
      code: 'migrate/prisma-failed',
      exitCode: run.exitCode,
      hint: failedMigrationAdvice(failed[1]!, `the folder ${failed[1]}`),
    })
  }
  if (run.exitCode !== 0) {
    throw new ElectrifyError(`${what} failed with exit code ${run.exitCode}; nothing else was changed`, {
      code: 'migrate/prisma-failed',
      exitCode: run.exitCode,
      hint: "Fix the problem Prisma reports above, then run electrify again.",
    })
  }
}

function interrupted(what: string): ElectrifyError {
  return new ElectrifyError(`${what} was interrupted`, {
    code: 'migrate/interrupted',
    exitCode: 130,
    hint: 'Run electrify again: it picks up from where it stopped.',
  })
}

/** A migration folder named like Prisma's (UTC timestamp + name) holding only the DDLX. */
async function writeMigration(migrationsDir: string, name: string, tables: readonly PlannedTable[]) {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
  const folder = `${stamp}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`
  const dir = path.join(migrationsDir, folder)
  const file = path.join(dir, 'migration.sql')
  await mkdir(dir, { recursive: true })
  await writeFileAtomic(file, renderAppendix('', tables.map((t) => t.table)))
  return { name: folder, dir, file }
}
