/**
 * Electric's rules, checked by electrify before anything reaches the proxy (pure). Rule identifiers
 * (the findings' `code`) are documented in docs/rules.md.
 *
 * - `preflightFindings`: the annotated models of the schema (public schema, primary key, no database
 *   default, supported column types, enum labels, foreign keys to annotated models; `@unique` warns).
 * - `historyFindings`: the migration history (additive-only changes to electrified tables, ENABLE
 *   placed after the foreign keys of its table).
 */
export { preflightFindings, type SchemaRuleFinding } from './preflight.js'
export { historyFindings, type HistoryRuleFinding } from './history.js'
export { RulesError } from './rules-error.js'
export { SUPPORTED_TYPES, ENUM_LABEL } from './column-types.js'
