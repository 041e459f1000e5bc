/**
 * Electric's rules, checked by electrify before anything reaches the proxy (pure). Rule identifiers
 * (the findings' `code`) are documented in docs/rules.md.
 *
 * - `preflightFindings`: the annotated models of the schema (public schema, primary key, no database
 *   default, supported column types, enum labels, foreign keys to annotated models; `@unique` warns).
 * - `historyFindings`: the migration history (additive-only changes to electrified tables, ENABLE
 *   placed after the foreign keys of its table), and SQL Electric's proxy misreads or crashes on
 *   (comments next to DDLX, non-ASCII text before it, DDLX its grammar rejects, DO blocks, migrations
 *   with no statement). The DDLX checks need each migration's text (`sql`), as loadProject gives it.
 */
export { preflightFindings, type SchemaRuleFinding } from './preflight.js'
export { historyFindings, type HistoryRuleFinding } from './history-rules.js'
export { RulesError } from './rules-error.js'
export { SUPPORTED_TYPES, ENUM_LABEL } from './column-types.js'
export type { MigrationWithText, ProxyReadingFinding } from './proxy-reading.js'
