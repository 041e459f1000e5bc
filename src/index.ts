/**
 * electrify's programmatic API: everything the CLI does, as functions. The pure core (schema →
 * annotated tables, SQL → migration facts, history → plan) does no I/O; the functions that read or
 * write files say so in their names. Commands take their options and a run context (RunContext: cwd,
 * env, streams, signal, and `report` for their events; any part left out gets a default).
 */
export { ElectrifyError } from './errors.js'
export { hasErrors, type Finding, type Severity } from './findings.js'
export { CODES, type Code, type ProxyAnswerCode } from './codes.js'

export { loadSqlParser, splitStatements, type SqlStatement } from './sql/statements.js'
export { recognizeDdlx, type Ddlx } from './sql/ddlx.js'
export { parseQualifiedName, quoteTableName, resolveIdentifier, tableKey, type TableName } from './sql/identifiers.js'

export { analyzeMigration, type AnalyzedMigration, type MigrationSource } from './migrations/analyze-migration.js'
export { tableEventsOf, type TableEvent } from './migrations/table-events.js'
export { listMigrations, readMigrationHistory, type MigrationFolder } from './migrations/read-history.js'

export { planElectrification, type ElectrificationPlan, type PlannedTable } from './plan/plan-electrification.js'
export { replayHistory, type TableHistory } from './history/table-history.js'

export { findProject, type ProjectLayout } from './project/find-project.js'
export { parseSchema, type ParsedSchema, type SchemaFile, type SchemaModel, type SchemaField, type SchemaEnum } from './schema/parse-schema.js'
export { findAnnotatedTables, type AnnotatedTable } from './schema/annotations.js'
export { loadProject, type LoadedProject, type LoadOptions } from './project/load-project.js'

export { runContext, type RunContext, type Input, type Output } from './run-context.js'
export { inject, type InjectOptions, type InjectOutcome } from './commands/inject.js'
export { migrate, type MigrateOptions, type MigrateSettings, type MigrateOutcome } from './commands/migrate.js'
export { check, type CheckOptions, type CheckOutcome, type CheckFinding, type CheckedModel } from './commands/check.js'
export { watch, type WatchOptions, type WatchResult } from './commands/watch.js'
export { hookInstall, HOOK_MARKER, type HookInstallOptions, type HookInstallOutcome } from './commands/hook-install.js'
export { deploy, type DeployOptions, type DeployOutcome } from './commands/deploy.js'
export { status, type StatusOptions, type StatusOutcome, type ReadFrom } from './commands/status.js'
export { statusReport, type StatusReport, type ModelStatus, type ModelState, type MigrationRef } from './status/status-report.js'
export { statusFindings } from './status/status-findings.js'
export { readDatabaseState } from './status/read-database-state.js'
export type { DatabaseState, MigrationRecord } from './status/database-state.js'
export type { CommandResult, DeployEvent, PrismaStep, ReportEvent, RunEvent, RunReason, StatusEvent, WatchEvent } from './report/events.js'
export { Reporter, type ReporterOptions } from './report/reporter.js'
export { resolveProxyUrl, type ProxyUrl, type ProxyUrlSource } from './proxy/resolve-proxy-url.js'
export { redactUrl } from './proxy/redact-url.js'
export { formatRoute } from './routing/format-routes.js'
export type { Route, RouteRole, RoutingOverride } from './routing/route-connections.js'
export { explainProxyError, type ProxyErrorExplanation } from './proxy/explain-proxy-error.js'

export { preflightFindings, historyFindings, RulesError, SUPPORTED_TYPES, ENUM_LABEL, type SchemaRuleFinding, type HistoryRuleFinding } from './rules/index.js'

export { BLOCK_MARKER, enableStatement, renderAppendix } from './inject/render-appendix.js'
export { injectIntoMigration, type InjectionResult } from './inject/inject-migration.js'
export { writeFileAtomic } from './fs/write-file-atomic.js'
export type { LockHolder } from './fs/lock-holder.js'
export type { SharedReason } from './history/shared-reason.js'
