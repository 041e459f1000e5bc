/**
 * `electrify status`: read-only. Loads the schema and the migrations, reads `_prisma_migrations` and
 * `electric.electrified` through the proxy (or, with `databaseUrl`, straight from the database), and says
 * for each annotated model whether its migrations are applied and whether Electric syncs it; then what is
 * pending, failed, or synced without an annotation (src/status/). In sync when nothing is.
 *
 * `electrify deploy` ends with the same report (`readStatus`).
 */
import type { ConnectOptions } from '../db/connect.js'
import type { Finding } from '../findings.js'
import { findPackageRoot } from '../project/find-package-root.js'
import { loadProject, type LoadedProject } from '../project/load-project.js'
import { PROXY_HINTS } from '../proxy/probe-proxy.js'
import { redactUrl } from '../proxy/redact-url.js'
import { resolveProxyUrl, type ProxyUrlSource } from '../proxy/resolve-proxy-url.js'
import type { StatusEvent } from '../report/events.js'
import { runContext, type RunContext } from '../run-context.js'
import { readDatabaseState } from '../status/read-database-state.js'
import { statusFindings } from '../status/status-findings.js'
import { statusReport, type StatusReport } from '../status/status-report.js'

export interface StatusOptions {
  /** `--schema`: a schema file or folder, relative to the context's cwd. */
  schema?: string
  proxyUrl?: string
  envFile?: string
  /** Read this database directly, not through the proxy. */
  databaseUrl?: string
  /** Appended to every electrify command a hint gives, e.g. `['--cwd', 'apps/web']`. */
  fixArgs?: readonly string[]
  /** How hints run electrify (the project's package manager), e.g. `['pnpm', 'exec', 'electrify']`. */
  runner?: readonly string[]
}

/** Where the state was read: through the proxy or straight from the database; the password redacted. */
export interface ReadFrom {
  through: 'proxy' | 'database'
  url: string
  source: ProxyUrlSource | '--database-url'
  file?: string
  /** Where the URL came from, in words (resolve-proxy-url.ts's label). */
  label: string
}

export interface StatusOutcome extends StatusReport {
  /** In sync (the exit code is 0). */
  ok: boolean
  readFrom: ReadFrom
  schemaPath: string
  migrationsDir: string
  /** What disagrees, each with its fix; and what loading noticed (annotations, migrations). */
  findings: Finding[]
  durationMs: number
}

export async function status(options: StatusOptions = {}, given: Partial<RunContext<StatusEvent>> = {}): Promise<StatusOutcome> {
  const started = performance.now()
  const context = runContext(given)
  const { cwd, env } = context
  const project = await loadProject({ cwd, schema: options.schema, cache: true })
  const target = options.databaseUrl ? databaseTarget(options.databaseUrl) : proxyTarget(await findProxy(options, cwd, env))
  context.report({ type: 'reading', ...target.readFrom })
  const read = await readStatus(project, target.url, target.connect, options)
  return {
    ok: read.inSync,
    ...read,
    readFrom: target.readFrom,
    schemaPath: project.layout.schemaPath,
    migrationsDir: project.layout.migrationsDir,
    findings: [...project.findings, ...read.findings],
    durationMs: performance.now() - started,
  }
}

/** The proxy: its URL, the same with the password hidden and where it came from, and how to connect to it. */
export interface FoundProxy {
  url: string
  /** Where the URL came from, for messages: `--proxy-url`, `.env.proxy`, … */
  from: string
  shown: { url: string; source: ProxyUrlSource; file?: string; label: string }
  connect: ConnectOptions
  /** Finding it already asked it whether it is Electric's proxy, and it is (resolve-proxy-url.ts): not asked again. */
  confirmed: boolean
}

/** The proxy URL as every command finds it (resolve-proxy-url.ts). */
export async function findProxy(options: Pick<StatusOptions, 'proxyUrl' | 'envFile'>, cwd: string, env: NodeJS.ProcessEnv): Promise<FoundProxy> {
  const proxy = await resolveProxyUrl({ proxyUrl: options.proxyUrl, envFile: options.envFile, projectRoot: await findPackageRoot(cwd), cwd, env })
  const from = proxy.label
  return {
    url: proxy.url,
    from,
    shown: { url: redactUrl(proxy.url), source: proxy.source, ...(proxy.file ? { file: proxy.file } : {}), label: proxy.label },
    connect: { what: "Electric's proxy", from, scope: 'proxy', hints: PROXY_HINTS },
    confirmed: proxy.confirmed,
  }
}

interface Target {
  url: string
  readFrom: ReadFrom
  connect: ConnectOptions
}

function proxyTarget(proxy: FoundProxy): Target {
  return { url: proxy.url, readFrom: { through: 'proxy', ...proxy.shown }, connect: proxy.connect }
}

function databaseTarget(url: string): Target {
  return { url, readFrom: { through: 'database', url: redactUrl(url), source: '--database-url', label: '--database-url' }, connect: { what: 'the database', from: '--database-url' } }
}

/** The database's state against the project, and what disagrees. */
export async function readStatus(
  project: LoadedProject,
  url: string,
  connect: ConnectOptions,
  fix: Pick<StatusOptions, 'runner' | 'fixArgs'> = {},
): Promise<StatusReport & { findings: Finding[] }> {
  const database = await readDatabaseState(url, connect)
  const modelTables = project.schema.models.map((m) => ({ model: m.name, table: { schema: m.schema ?? 'public', name: m.dbName ?? m.name } }))
  const report = statusReport({ annotated: project.annotated, history: project.history, modelTables, database })
  return { ...report, findings: statusFindings(report, { history: project.history, ...fix }) }
}
